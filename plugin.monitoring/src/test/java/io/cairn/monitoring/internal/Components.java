package io.cairn.monitoring.internal;

import io.cairn.monitoring.internal.metrics.CairnMetrics;
import io.cairn.sql.Database;

/** Test access to the package-private DS methods of the components, as SCR would call them. */
public final class Components {

    private Components() {
    }

    /** An ASH component bound to these databases whose thread is not started: tests sample by hand. */
    public static AshComponent unstartedAsh(Database... databases) {
        AshComponent ash = new AshComponent(1000, 1000, new CairnMetrics(), false);
        for (Database db : databases) {
            ash.addDatabase(db);
        }
        return ash;
    }

    public static int sample(AshComponent ash) {
        return ash.sampleNow();
    }

    public static void bind(MetricsComponent metrics, Database db) {
        metrics.addDatabase(db);
    }

    public static void unbind(MetricsComponent metrics, Database db) {
        metrics.removeDatabase(db);
    }
}
