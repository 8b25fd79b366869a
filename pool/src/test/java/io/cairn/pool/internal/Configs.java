package io.cairn.pool.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Typed configurations built the way Declarative Services builds them: given values, else the defaults. */
final class Configs {

    private Configs() {
    }

    static PoolConfig pool(String... kv) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            values.put(kv[i], kv[i + 1]);
        }
        return (PoolConfig) Proxy.newProxyInstance(PoolConfig.class.getClassLoader(), new Class<?>[] {PoolConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName())
                        : method.getDefaultValue());
    }
}
