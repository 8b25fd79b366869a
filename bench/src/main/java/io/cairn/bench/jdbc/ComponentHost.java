package io.cairn.bench.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A minimal in-process stand-in for OSGi Declarative Services, for benchmarks that need the real
 * bundles' components without a framework: it reads the component descriptors bnd generated
 * ({@code OSGI-INF/*.xml} in the bundle jars), constructs each component through the constructor
 * its descriptor names ({@code init} parameters: references, configuration as its component
 * property type, {@code Map} of properties, {@code BundleContext}), binds its static and dynamic
 * references with the descriptor's bind methods or fields, calls its activate method if it has
 * one, registers the services it provides and calls its deactivate method on stop, as SCR does. Components are activated in dependency
 * order; one whose mandatory references or required configuration are missing stays inactive,
 * with the reason kept.
 *
 * <p>What it leaves out, on purpose: service ranking (the first registered match wins), static
 * references to services that arrive after activation (no reactivation), target filters beyond
 * {@code & | !}, equality and presence, {@code ComponentContext}, and every framework method of
 * the {@code BundleContext} it hands out except {@code registerService} (the others throw).
 */
final class ComponentHost {

    /** One component description, as in its {@code OSGI-INF} XML. */
    record Descriptor(String name, String implementation, int init, String activate, String deactivate, List<String> pids,
            boolean configurationRequired, Map<String, Object> properties, List<String> provides,
            List<Reference> references) {
    }

    /** One {@code <reference>}. */
    record Reference(String name, String service, boolean optional, boolean multiple, boolean dynamic, String bind,
            String unbind, String field, int parameter, String target) {
    }

    /** A registered service. */
    private static final class Service {
        final List<String> interfaces;
        final Object object;
        final Map<String, Object> properties;
        final Active owner;

        Service(List<String> interfaces, Object object, Map<String, Object> properties, Active owner) {
            this.interfaces = interfaces;
            this.object = object;
            this.properties = properties;
            this.owner = owner;
        }
    }

    /** An activated component and the services it bound through methods (to unbind them). */
    static final class Active {
        final Descriptor descriptor;
        Object instance;
        Map<String, Object> properties = Map.of();
        final List<Object[]> bound = new ArrayList<>(); // {reference, service}

        Active(Descriptor descriptor) {
            this.descriptor = descriptor;
        }

        String name() {
            return descriptor.name();
        }

        Object instance() {
            return instance;
        }
    }

    /** What one {@link #start} activated, and what it could not, with the reason. */
    record Started(List<Active> active, Map<String, String> inactive) {
    }

    private final List<Service> services = new ArrayList<>();
    /** Every component active now, in activation order. */
    private final List<Active> active = new ArrayList<>();
    private final Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();

    /** Gives configuration {@code pid} (a factory PID stands for its one factory configuration here). */
    synchronized void configure(String pid, Map<String, Object> properties) {
        configurations.put(pid, new LinkedHashMap<>(properties));
    }

    /**
     * Registers a service that is not a component (as a bundle's activator would), binding it to the
     * active components' dynamic references; closing the handle unregisters it.
     */
    AutoCloseable registerService(Class<?> type, Object service, Map<String, Object> properties) throws Exception {
        Service s = register(List.of(type.getName()), service, new LinkedHashMap<>(properties), null);
        return () -> unregister(s);
    }

    /** The first service registered under {@code type}, or null. */
    synchronized <T> T service(Class<T> type) {
        for (Service s : services) {
            if (s.interfaces.contains(type.getName())) {
                return type.cast(s.object);
            }
        }
        return null;
    }

    /** Every service registered under {@code type}, in registration order. */
    synchronized <T> List<T> services(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Service s : services) {
            if (s.interfaces.contains(type.getName())) {
                out.add(type.cast(s.object));
            }
        }
        return out;
    }

    /**
     * The component descriptors in the jar (or class directory) holding {@code bundleClass} whose
     * component names start with {@code prefix}, e.g. {@code io.cairn.monitoring.}: in a shaded jar
     * the descriptors of every bundle sit side by side, named after their components.
     */
    static List<Descriptor> descriptors(Class<?> bundleClass, String prefix) throws IOException {
        Path location;
        try {
            location = Path.of(bundleClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the classes of " + bundleClass.getName() + ": " + e, e);
        }
        List<Descriptor> out = new ArrayList<>();
        if (Files.isDirectory(location)) {
            Path dir = location.resolve("OSGI-INF");
            if (!Files.isDirectory(dir)) {
                throw new IOException(location + " has no OSGI-INF: component descriptors are generated when the "
                        + "bundle jar is built (mvn package), run from the jars");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.sorted().toList()) {
                    String f = p.getFileName().toString();
                    if (f.startsWith(prefix) && f.endsWith(".xml")) {
                        try (InputStream in = Files.newInputStream(p)) {
                            out.add(parse(in, p.toString()));
                        }
                    }
                }
            }
        } else {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                List<? extends ZipEntry> entries = jar.stream()
                        .filter(e -> e.getName().startsWith("OSGI-INF/" + prefix) && e.getName().endsWith(".xml")
                                && e.getName().indexOf('/', "OSGI-INF/".length()) < 0)
                        .sorted(java.util.Comparator.comparing(ZipEntry::getName)).toList();
                for (ZipEntry e : entries) {
                    try (InputStream in = jar.getInputStream(e)) {
                        out.add(parse(in, location + "!" + e.getName()));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no component descriptors OSGI-INF/" + prefix + "*.xml in " + location);
        }
        return out;
    }

    /** Parses one DS 1.3/1.4 component description. */
    static Descriptor parse(InputStream in, String where) throws IOException {
        Element c;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            c = f.newDocumentBuilder().parse(in).getDocumentElement();
        } catch (Exception e) {
            throw new IOException("unreadable component descriptor " + where + ": " + e, e);
        }
        String name = c.getAttribute("name");
        String init = c.getAttribute("init");
        String pid = c.getAttribute("configuration-pid");
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> provides = new ArrayList<>();
        List<Reference> refs = new ArrayList<>();
        String implementation = null;
        NodeList children = c.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) {
                continue;
            }
            switch (e.getLocalName()) {
                case "property" -> props.put(e.getAttribute("name"), propertyValue(e));
                case "service" -> {
                    NodeList p = e.getElementsByTagName("provide");
                    for (int j = 0; j < p.getLength(); j++) {
                        provides.add(((Element) p.item(j)).getAttribute("interface"));
                    }
                }
                case "reference" -> {
                    String card = attr(e, "cardinality", "1..1");
                    refs.add(new Reference(e.getAttribute("name"), e.getAttribute("interface"), card.startsWith("0"),
                            card.endsWith("n"), attr(e, "policy", "static").equals("dynamic"), attr(e, "bind", null),
                            attr(e, "unbind", null), attr(e, "field", null),
                            e.hasAttribute("parameter") ? Integer.parseInt(e.getAttribute("parameter")) : -1,
                            attr(e, "target", null)));
                }
                case "implementation" -> implementation = e.getAttribute("class");
                default -> {
                    // properties files and factory properties: not used by Cairn's bundles
                }
            }
        }
        if (implementation == null) {
            throw new IOException(where + ": no <implementation>");
        }
        return new Descriptor(name, implementation, init.isEmpty() ? 0 : Integer.parseInt(init),
                attr(c, "activate", null), attr(c, "deactivate", null), pid.isEmpty() ? List.of(name) : List.of(pid.split(" ")),
                "require".equals(c.getAttribute("configuration-policy")), props, provides, refs);
    }

    private static String attr(Element e, String name, String otherwise) {
        return e.hasAttribute(name) ? e.getAttribute(name) : otherwise;
    }

    private static Object propertyValue(Element e) {
        String type = attr(e, "type", "String");
        String text = e.hasAttribute("value") ? e.getAttribute("value") : e.getTextContent().trim();
        if (!e.hasAttribute("value")) {
            return text.lines().map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        }
        return switch (type) {
            case "Long" -> Long.valueOf(text);
            case "Integer" -> Integer.valueOf(text);
            case "Boolean" -> Boolean.valueOf(text);
            case "Double" -> Double.valueOf(text);
            default -> text;
        };
    }

    /**
     * Activates every component of {@code descriptors} that can be satisfied, in dependency order,
     * and registers their services (binding them to the dynamic references of components already
     * active, which is how the kernel's whiteboard sees a plugin's listener or view).
     */
    Started start(List<Descriptor> descriptors) {
        List<Descriptor> pending = new ArrayList<>(descriptors);
        List<Active> started = new ArrayList<>();
        Map<String, String> inactive = new LinkedHashMap<>();
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext();) {
                Descriptor d = it.next();
                String missing = unsatisfied(d);
                if (missing != null) {
                    inactive.put(d.name(), missing);
                    continue;
                }
                inactive.remove(d.name());
                it.remove();
                progress = true;
                try {
                    started.add(activate(d));
                } catch (Exception e) {
                    Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
                    inactive.put(d.name(), "activation failed: " + cause);
                }
            }
        }
        return new Started(List.copyOf(started), inactive);
    }

    /** Deactivates what {@link #start} activated, last first, as stopping the bundle would. */
    void stop(Started started) throws Exception {
        List<Active> active = new ArrayList<>(started.active());
        java.util.Collections.reverse(active);
        Exception first = null;
        for (Active a : active) {
            try {
                deactivate(a);
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized String unsatisfied(Descriptor d) {
        if (d.configurationRequired() && d.pids().stream().noneMatch(configurations::containsKey)) {
            return "configuration " + d.pids() + " required and not given";
        }
        for (Reference r : d.references()) {
            if (!r.optional() && matching(r).isEmpty()) {
                return "no " + r.service() + (r.target() == null ? "" : " matching " + r.target());
            }
        }
        return null;
    }

    private synchronized List<Service> matching(Reference r) {
        List<Service> out = new ArrayList<>();
        for (Service s : services) {
            if (s.interfaces.contains(r.service()) && (r.target() == null || Filter.matches(r.target(), s.properties))) {
                out.add(s);
            }
        }
        return out;
    }

    private Active activate(Descriptor d) throws Exception {
        Class<?> type = Class.forName(d.implementation());
        Map<String, Object> props = new LinkedHashMap<>(d.properties());
        props.put("component.name", d.name());
        synchronized (this) {
            for (String pid : d.pids()) {
                Map<String, Object> config = configurations.get(pid);
                if (config != null) {
                    props.putAll(config);
                    props.putIfAbsent("service.pid", pid);
                }
            }
        }
        Active a = new Active(d);
        Constructor<?> ctor = constructor(type, d);
        ctor.setAccessible(true);
        Object[] args = new Object[d.init()];
        Class<?>[] types = ctor.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            int index = i;
            Reference ref = d.references().stream().filter(r -> r.parameter() == index).findFirst().orElse(null);
            if (ref != null) {
                List<Service> found = matching(ref);
                args[i] = ref.multiple() ? found.stream().map(s -> s.object).toList()
                        : found.isEmpty() ? null : found.get(0).object;
            } else {
                args[i] = activationObject(a, types[i], props, "constructor parameter " + i);
            }
        }
        a.instance = ctor.newInstance(args);
        synchronized (this) {
            active.add(a);
        }
        for (Reference r : d.references()) {
            if (r.parameter() >= 0) {
                continue;
            }
            if (r.field() != null) {
                List<Service> found = matching(r);
                Field f = field(type, r.field());
                f.setAccessible(true);
                f.set(a.instance, r.multiple() ? found.stream().map(s -> s.object).toList()
                        : found.isEmpty() ? null : found.get(0).object);
            } else if (r.bind() != null) {
                List<Service> found = matching(r);
                for (Service s : r.multiple() ? found : found.stream().limit(1).toList()) {
                    bind(a, r, s);
                }
            }
        }
        // as SCR: the named activate method, or one called "activate" if the class has it (also after constructor injection)
        Method activate = lifecycleMethod(type, d.activate() != null ? d.activate() : "activate", d.activate() != null);
        if (activate != null) {
            Object[] activateArgs = new Object[activate.getParameterCount()];
            for (int i = 0; i < activateArgs.length; i++) {
                activateArgs[i] = activationObject(a, activate.getParameterTypes()[i], props, activate.getName() + " parameter " + i);
            }
            activate.setAccessible(true);
            activate.invoke(a.instance, activateArgs);
        }
        a.properties = props;
        if (!d.provides().isEmpty()) {
            register(d.provides(), a.instance, publicProperties(props), a);
        }
        return a;
    }

    /** What SCR hands a constructor or activate method besides references; ComponentContext is not supported. */
    private Object activationObject(Active a, Class<?> type, Map<String, Object> props, String where) {
        if (type == Map.class) {
            return java.util.Collections.unmodifiableMap(props);
        } else if (type == BundleContext.class) {
            return bundleContext(a);
        } else if (type.isAnnotation()) {
            return propertyType(type, props);
        } else if (type == int.class || type == Integer.class) {
            return 0; // a deactivation reason: not specified
        }
        throw new IllegalStateException(a.name() + ": " + where + " (" + type.getName()
                + ") is not something this host can give");
    }

    /**
     * The activate or deactivate method named {@code name} (any access, the class or a superclass);
     * null when {@code name} is null, or when it is the default name and the class has no such method.
     */
    private static Method lifecycleMethod(Class<?> type, String name, boolean required) throws NoSuchMethodException {
        if (name == null) {
            return null;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && !m.isSynthetic()) {
                    return m;
                }
            }
        }
        if (required) {
            throw new NoSuchMethodException(type.getName() + "." + name);
        }
        return null;
    }

    private static Constructor<?> constructor(Class<?> type, Descriptor d) throws NoSuchMethodException {
        List<Constructor<?>> candidates = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.getParameterCount() != d.init()) {
                continue;
            }
            boolean fits = true;
            for (int i = 0; i < c.getParameterCount(); i++) {
                int index = i;
                Reference r = d.references().stream().filter(x -> x.parameter() == index).findFirst().orElse(null);
                Class<?> p = c.getParameterTypes()[i];
                if (r != null) {
                    fits &= r.multiple() || p.getName().equals(r.service()) || isAssignable(p, r.service());
                } else {
                    // as SCR: every other parameter must be an activation object (a public constructor
                    // taking an int, say, is a convenience for tests, not the component's)
                    fits &= p == Map.class || p == BundleContext.class || p.isAnnotation()
                            || p.getName().equals("org.osgi.service.component.ComponentContext");
                }
            }
            fits &= java.lang.reflect.Modifier.isPublic(c.getModifiers());
            if (fits) {
                candidates.add(c);
            }
        }
        if (candidates.size() != 1) {
            throw new NoSuchMethodException(d.implementation() + ": " + candidates.size()
                    + " constructors fit the descriptor's init=" + d.init());
        }
        return candidates.get(0);
    }

    private static boolean isAssignable(Class<?> parameter, String service) {
        try {
            return parameter.isAssignableFrom(Class.forName(service, false, parameter.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    /** Calls a bind or unbind method: (service) or (service, Map of its properties), as SCR does. */
    private static void invoke(Object instance, String method, Service s) throws Exception {
        for (Class<?> c = instance.getClass(); c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals(method)) {
                    continue;
                }
                Class<?>[] p = m.getParameterTypes();
                if (p.length == 1 && p[0].isInstance(s.object)) {
                    m.setAccessible(true);
                    m.invoke(instance, s.object);
                    return;
                }
                if (p.length == 2 && p[0].isInstance(s.object) && p[1] == Map.class) {
                    m.setAccessible(true);
                    m.invoke(instance, s.object, java.util.Collections.unmodifiableMap(s.properties));
                    return;
                }
            }
        }
        throw new NoSuchMethodException(instance.getClass().getName() + "." + method + "(" + s.interfaces + ")");
    }

    private void bind(Active a, Reference r, Service s) throws Exception {
        invoke(a.instance, r.bind(), s);
        synchronized (this) {
            a.bound.add(new Object[] {r, s});
        }
    }

    private static Map<String, Object> publicProperties(Map<String, Object> props) {
        Map<String, Object> out = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (!k.startsWith(".")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Registers a service and binds it to every active dynamic reference it matches. */
    private Service register(List<String> interfaces, Object object, Map<String, Object> props, Active owner)
            throws Exception {
        Service s = new Service(List.copyOf(interfaces), object, props, owner);
        List<Object[]> toBind = new ArrayList<>(); // {component, reference}
        synchronized (this) {
            services.add(s);
            for (Active a : active) {
                for (Reference r : a.descriptor.references()) {
                    if (r.dynamic() && r.bind() != null && interfaces.contains(r.service())
                            && (r.target() == null || Filter.matches(r.target(), props))
                            && (r.multiple() || a.bound.stream().noneMatch(b -> b[0] == r))) {
                        toBind.add(new Object[] {a, r});
                    }
                }
            }
        }
        for (Object[] b : toBind) {
            bind((Active) b[0], (Reference) b[1], s);
        }
        return s;
    }

    /** Unregisters a service: the components that bound it get their unbind method called. */
    private void unregister(Service s) throws Exception {
        List<Object[]> calls = new ArrayList<>();
        synchronized (this) {
            if (!services.remove(s)) {
                return;
            }
            for (Active a : active) {
                for (var it = a.bound.iterator(); it.hasNext();) {
                    Object[] b = it.next();
                    if (b[1] == s) {
                        it.remove();
                        calls.add(new Object[] {a, b[0]});
                    }
                }
            }
        }
        for (Object[] c : calls) {
            Reference r = (Reference) c[1];
            if (r.unbind() != null) {
                invoke(((Active) c[0]).instance, r.unbind(), s);
            }
        }
    }

    private void deactivate(Active a) throws Exception {
        List<Service> own;
        synchronized (this) {
            active.remove(a);
            own = services.stream().filter(s -> s.owner == a).toList();
        }
        for (Service s : own) {
            unregister(s);
        }
        Method deactivate = lifecycleMethod(a.instance.getClass(),
                a.descriptor.deactivate() != null ? a.descriptor.deactivate() : "deactivate", a.descriptor.deactivate() != null);
        if (deactivate != null) {
            Object[] args = new Object[deactivate.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = activationObject(a, deactivate.getParameterTypes()[i], a.properties, "deactivate parameter " + i);
            }
            deactivate.setAccessible(true);
            deactivate.invoke(a.instance, args);
        }
        List<Object[]> bound;
        synchronized (this) {
            bound = new ArrayList<>(a.bound);
            a.bound.clear();
        }
        for (Object[] b : bound) {
            Reference r = (Reference) b[0];
            if (r.unbind() != null) {
                invoke(a.instance, r.unbind(), (Service) b[1]);
            }
        }
    }

    /** A {@link BundleContext} that can register services (what Cairn's components use it for) and nothing else. */
    private BundleContext bundleContext(Active owner) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("registerService") && args.length == 3) {
                List<String> names = args[0] instanceof Class<?> c ? List.of(c.getName())
                        : args[0] instanceof String n ? List.of(n) : List.of((String[]) args[0]);
                Map<String, Object> props = new LinkedHashMap<>();
                if (args[2] instanceof Dictionary<?, ?> dict) {
                    for (Enumeration<?> keys = dict.keys(); keys.hasMoreElements();) {
                        Object k = keys.nextElement();
                        props.put(k.toString(), dict.get(k));
                    }
                }
                Service s = register(names, args[1], props, owner);
                return registration(s);
            }
            if (m.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, m, args, "BundleContext of " + owner.name());
            }
            throw new UnsupportedOperationException("bench's component host gives " + owner.name()
                    + " a BundleContext that can only register services, not " + m.getName());
        };
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, h);
    }

    private ServiceRegistration<?> registration(Service s) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("unregister")) {
                synchronized (this) {
                    if (!services.contains(s)) {
                        throw new IllegalStateException("service already unregistered");
                    }
                }
                unregister(s);
                return null;
            }
            if (m.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, m, args, "registration of " + s.interfaces);
            }
            throw new UnsupportedOperationException("bench's component host: ServiceRegistration." + m.getName());
        };
        return (ServiceRegistration<?>) Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, h);
    }

    private static Object objectMethod(Object proxy, Method m, Object[] args, String text) {
        return switch (m.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> text;
        };
    }

    /** A component property type (an annotation interface) over the component's properties, as SCR builds it. */
    static Object propertyType(Class<?> type, Map<String, Object> props) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, m, args, type.getSimpleName() + props);
            }
            if (m.getName().equals("annotationType") && m.getParameterCount() == 0) {
                return type;
            }
            Object v = props.get(propertyName(m.getName()));
            return v == null ? m.getDefaultValue() : coerce(v, m.getReturnType(), m.getName());
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    /** DS 1.4's mapping of a method name to a property name: {@code $$} is $, {@code $} vanishes, {@code __} is _, {@code _} is a dot. */
    static String propertyName(String method) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (i + 1 < method.length() && method.charAt(i + 1) == '$') {
                    b.append('$');
                    i++;
                }
            } else if (c == '_') {
                if (i + 1 < method.length() && method.charAt(i + 1) == '_') {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Object coerce(Object v, Class<?> to, String what) {
        if (v instanceof Object[] array) {
            v = array.length == 0 ? null : array[0];
        } else if (v instanceof Collection<?> list) {
            v = list.isEmpty() ? null : list.iterator().next();
        }
        String s = String.valueOf(v).trim();
        try {
            if (to == String.class) {
                return String.valueOf(v);
            } else if (to == long.class) {
                return v instanceof Number n ? n.longValue() : Long.parseLong(s);
            } else if (to == int.class) {
                return v instanceof Number n ? n.intValue() : Integer.parseInt(s);
            } else if (to == boolean.class) {
                return v instanceof Boolean b ? b : Boolean.parseBoolean(s);
            } else if (to == double.class) {
                return v instanceof Number n ? n.doubleValue() : Double.parseDouble(s);
            }
        } catch (NumberFormatException e) {
            // SCR hands the method's zero value for an unconvertible property; say so instead
            throw new IllegalArgumentException("property " + what + " = '" + v + "' is not a " + to.getSimpleName(), e);
        }
        throw new IllegalArgumentException("property " + what + ": type " + to.getName() + " not supported by bench's host");
    }

    /** LDAP filters as service targets: {@code (&...)}, {@code (|...)}, {@code (!...)}, {@code (k=v)}, {@code (k=*)}. */
    static final class Filter {
        private final String text;
        private int pos;

        private Filter(String text) {
            this.text = text;
        }

        static boolean matches(String filter, Map<String, Object> props) {
            Filter f = new Filter(filter.trim());
            boolean result = f.node(props);
            if (f.pos != f.text.length()) {
                throw new IllegalArgumentException("unsupported filter " + filter);
            }
            return result;
        }

        private boolean node(Map<String, Object> props) {
            expect('(');
            char op = text.charAt(pos);
            boolean result;
            if (op == '&' || op == '|') {
                pos++;
                result = op == '&';
                while (text.charAt(pos) == '(') {
                    boolean r = node(props);
                    result = op == '&' ? result && r : result || r;
                }
            } else if (op == '!') {
                pos++;
                result = !node(props);
            } else {
                int eq = text.indexOf('=', pos);
                int close = text.indexOf(')', pos);
                if (eq < 0 || close < eq || "<>~".indexOf(text.charAt(eq - 1)) >= 0) {
                    throw new IllegalArgumentException("unsupported filter " + text);
                }
                String key = text.substring(pos, eq).trim();
                String value = text.substring(eq + 1, close);
                pos = close;
                Object actual = props.get(key);
                if (value.equals("*")) {
                    result = actual != null;
                } else if (actual instanceof Object[] array) {
                    result = Stream.of(array).anyMatch(x -> String.valueOf(x).equals(value));
                } else if (actual instanceof Collection<?> list) {
                    result = list.stream().anyMatch(x -> String.valueOf(x).equals(value));
                } else {
                    result = actual != null && String.valueOf(actual).equals(value);
                }
            }
            expect(')');
            return result;
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw new IllegalArgumentException("unsupported filter " + text + " (at " + pos + ")");
            }
            pos++;
        }
    }
}
