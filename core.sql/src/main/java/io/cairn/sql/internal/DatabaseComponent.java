package io.cairn.sql.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.sql.Database;
import io.cairn.sql.SqlProcedure;
import io.cairn.sql.SqlTableFunction;
import io.cairn.sql.SystemView;
import io.cairn.sql.admin.DatabaseParameters;
import io.cairn.sql.admin.MaintenanceJobs;
import io.cairn.sql.admin.SqlConsole;
import io.cairn.sql.health.HealthContributor;
import io.cairn.sql.internal.admin.KernelHealth;
import io.cairn.sql.internal.admin.KernelParameters;
import io.cairn.sql.internal.admin.KernelSqlConsole;
import io.cairn.sql.internal.admin.MaintenanceRunner;
import io.cairn.sql.instrument.AdmissionController;
import io.cairn.sql.instrument.StatementListener;
import io.cairn.sql.internal.engine.SqlEngine;
import io.cairn.sql.internal.jdbc.ContainerDatabases;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.txn.ChangeListener;
import io.cairn.txn.SessionRegistry;
import io.cairn.txn.TransactionManager;
import io.cairn.txn.TransactionOptions;
import io.cairn.txn.VersionRetention;
import io.cairn.txn.WaitEvents;

/**
 * A named database in the container: created from each {@code io.cairn.database-<name>.cfg}
 * factory configuration, it opens the page store and the transaction layer in the data directory
 * (running redo recovery and rolling back what a crash left uncommitted), publishes the
 * {@link Database} service and the database's {@link SessionRegistry} and {@link WaitEvents}
 * kernel services, adds every plugin {@link SystemView}, {@link SqlProcedure} and {@link SqlTableFunction} to its SQL engine,
 * and hands every {@link VersionRetention} and {@link ChangeListener} that
 * plugins register to the transaction layer, and every {@link StatementListener} and
 * {@link AdmissionController} to the SQL engine, for as long as they stay registered.
 */
// Registers its services itself (service = {}) so each carries cairn.database=<name>.
@Component(service = {}, configurationPid = "io.cairn.database", immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DatabaseConfig.class, factory = true)
public final class DatabaseComponent implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

    // set once, by open() in the constructor (a method, so a failed open can be reported)
    private String name;
    private Path directory;
    private TransactionManager transactions;
    private SqlEngine sqlEngine;
    private final List<ServiceRegistration<?>> kernelServices = new ArrayList<>();
    /** The database lent to the JDBC driver (OSGi only), so DataSources share this instance. */
    private ContainerDatabases.Lease jdbcLease;
    private StorageOptions storageOptions;
    private java.util.Map<String, String> openedWith;
    private KernelSqlConsole sqlConsole;
    private KernelParameters databaseParameters;
    private MaintenanceRunner maintenance;
    private List<HealthContributor> healthContributors;

    @Activate
    public DatabaseComponent(DatabaseConfig config, BundleContext context, Map<String, Object> properties) {
        this(config, context, new OpenWatch(context, config.name(), config.directory(),
                properties.get(org.osgi.framework.Constants.SERVICE_PID)));
    }

    /**
     * Reports a failed open as an unhealthy {@code database:<name>} check (OpenFailures), so it is
     * seen after the fact by the health routes and the monitoring plugin's incidents.
     */
    private record OpenWatch(BundleContext context, String name, String directory, Object pid)
            implements java.util.function.Consumer<RuntimeException> {
        @Override
        public void accept(RuntimeException e) {
            OpenFailures.failed(context, name, directory, pid == null ? null : pid.toString(), e);
        }

        <T> T run(java.util.function.Supplier<T> step) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                accept(e);
                throw e;
            }
        }
    }

    private DatabaseComponent(DatabaseConfig config, BundleContext context, OpenWatch watch) {
        this(config.name(), config.directory(), System.getProperty("karaf.home", "."),
                watch.run(() -> storageOptions(config)), watch.run(() -> transactionOptions(config)),
                watch.run(() -> memoryRows(config)), false, watch);
        try {
            registerServices(context);
        } catch (RuntimeException e) {
            watch.accept(e);
            throw e;
        }
        OpenFailures.cleared(name);
    }

    private void registerServices(BundleContext context) {
        sqlEngine.setSystemParameters(this::setInConfigAdmin);
        try {
            jdbcLease = ContainerDatabases.lend(name, directory, transactions, sqlEngine);
        } catch (RuntimeException e) {
            transactions.close();
            throw e;
        }
        adminServices(this::storeInConfigAdmin);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NAME_PROPERTY, name);
        kernelServices.add(context.registerService(SessionRegistry.class, transactions.sessionRegistry(), props));
        kernelServices.add(context.registerService(WaitEvents.class, transactions.waitEvents(), props));
        kernelServices.add(context.registerService(SqlConsole.class, sqlConsole, props));
        kernelServices.add(context.registerService(DatabaseParameters.class, databaseParameters, props));
        kernelServices.add(context.registerService(MaintenanceJobs.class, maintenance, props));
        for (HealthContributor check : healthContributors) {
            kernelServices.add(context.registerService(HealthContributor.class, check, props));
        }
        kernelServices.add(context.registerService(Database.class, this, props));
    }

    /**
     * Opens a database outside OSGi: parameters saved with ALTER SYSTEM SET in
     * {@code cairn.properties} in the data directory override {@code options} and
     * {@code transactionOptions}.
     */
    DatabaseComponent(String name, String directory, String containerHome, StorageOptions options,
            TransactionOptions transactionOptions) {
        this(name, directory, containerHome, options, transactionOptions, io.cairn.sql.internal.engine.SqlEngine.DEFAULT_MEMORY_ROWS, true,
                null);
        SystemParameterFile parameterFile = new SystemParameterFile(this.directory);
        sqlEngine.setSystemParameters(parameterFile);
        adminServices(values -> {
            StringBuilder saved = new StringBuilder();
            for (java.util.Map.Entry<String, String> e : values.entrySet()) {
                SystemParameterNames.validate(e.getKey(), e.getValue());
            }
            for (java.util.Map.Entry<String, String> e : values.entrySet()) {
                saved.append(saved.length() == 0 ? "" : " ").append(parameterFile.set(e.getKey(), e.getValue()));
            }
            return saved.toString();
        });
    }

    /**
     * Opens a database outside OSGi with default options and a small buffer pool, for embedding
     * and for tests of the bundles above the kernel (admin.web); ALTER SYSTEM SET goes to
     * {@code cairn.properties} in the directory.
     */
    public static DatabaseComponent openStandalone(String name, Path directory) {
        return new DatabaseComponent(name, directory.toString(), directory.toString(),
                StorageOptions.defaults().withBufferPoolBytes(8L << 20), TransactionOptions.defaults());
    }

    /** The administration services ({@code io.cairn.sql.admin}, {@code io.cairn.sql.health}) of this database. */
    private void adminServices(KernelParameters.Store store) {
        sqlConsole = new KernelSqlConsole(sqlEngine);
        // the engine shows its own memory bound in v$parameter (it can change while open); the admin API too
        java.util.Map<String, String> inEffect = new java.util.HashMap<>(openedWith);
        inEffect.put("max_memory_rows", String.valueOf(sqlEngine.memoryBound()));
        databaseParameters = new KernelParameters(inEffect, store);
        maintenance = new MaintenanceRunner(name, sqlEngine);
        healthContributors = KernelHealth.contributors(name, directory, sqlEngine, storageOptions);
    }

    public SqlConsole sqlConsole() {
        return sqlConsole;
    }

    public DatabaseParameters databaseParameters() {
        return databaseParameters;
    }

    public MaintenanceJobs maintenanceJobs() {
        return maintenance;
    }

    public List<HealthContributor> healthContributors() {
        return healthContributors;
    }

    private DatabaseComponent(String name, String directory, String containerHome, StorageOptions options,
            TransactionOptions transactionOptions, long memoryRows, boolean parameterFile,
            java.util.function.Consumer<RuntimeException> onFailure) {
        try {
            open(name, directory, containerHome, options, transactionOptions, memoryRows, parameterFile);
        } catch (RuntimeException e) {
            if (onFailure != null) {
                onFailure.accept(e);
            }
            throw e;
        }
    }

    private void open(String name, String directory, String containerHome, StorageOptions options,
            TransactionOptions transactionOptions, long memoryRows, boolean parameterFile) {
        this.name = validName(name);
        this.directory = resolveDirectory(this.name, directory, containerHome);
        try {
            Files.createDirectories(this.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + this.directory
                    + " for database '" + this.name + "': " + e, e);
        }
        if (parameterFile) {
            SystemParameterFile.Saved saved;
            try {
                saved = SystemParameterFile.apply(this.directory, options, transactionOptions, memoryRows);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("database '" + this.name + "', " + e.getMessage(), e);
            }
            options = saved.storage();
            transactionOptions = saved.transactions();
            memoryRows = saved.memoryRows();
        }
        this.storageOptions = options;
        this.openedWith = parameters(this.directory, options, transactionOptions);
        long started = System.nanoTime();
        this.transactions = TransactionManager.open(this.directory, options, transactionOptions);
        try {
            this.sqlEngine = new SqlEngine(transactions);
            this.sqlEngine.setDatabaseName(this.name);
            this.sqlEngine.setMemoryBound(memoryRows);
            this.sqlEngine.useTempArea(this.directory);
            this.sqlEngine.setDatabaseParameters(openedWith);
        } catch (RuntimeException e) {
            transactions.close();
            throw e;
        }
        LOG.info("Cairn database '{}' open in {} ms, data directory: {}", this.name,
                (System.nanoTime() - started) / 1_000_000, this.directory);
    }

    /** The settings the database was opened with, for v$parameter (sizes in bytes, durations in ms). */
    static java.util.Map<String, String> parameters(Path directory, StorageOptions options, TransactionOptions txn) {
        java.util.Map<String, String> p = new java.util.HashMap<>();
        p.put("directory", directory.toString());
        p.put("buffer_pool_size", String.valueOf(options.bufferPoolBytes()));
        p.put("wal_segment_size", String.valueOf(options.walSegmentBytes()));
        p.put("checkpoint_wal_size", String.valueOf(options.checkpointWalBytes()));
        p.put("lock_timeout", String.valueOf(txn.lockTimeout().toMillis()));
        p.put("deadlock_check_interval", String.valueOf(txn.deadlockCheckInterval().toMillis()));
        p.put("async_commit_delay", String.valueOf(txn.asyncCommitDelay().toMillis()));
        p.put("change_queue_transactions", String.valueOf(txn.changeQueueTransactions()));
        return p;
    }

    /**
     * Config Admin, when the container has it: ALTER SYSTEM SET updates this database's factory
     * configuration through it. Optional and dynamic so the database never waits for it.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    /**
     * ALTER SYSTEM SET in OSGi: updates the database's own factory configuration; DS then
     * deactivates and reactivates the component with the new value (after the statement returned).
     */
    private String setInConfigAdmin(String parameter, String value) throws io.cairn.sql.SqlException {
        return storeInConfigAdmin(java.util.Map.of(parameter, value));
    }

    /**
     * Validates every parameter, then stores them all in one configuration update, so the
     * database restarts once (setting them one by one would race the first restart).
     */
    private String storeInConfigAdmin(java.util.Map<String, String> values) throws io.cairn.sql.SqlException {
        java.util.Map<String, String[]> attrs = new java.util.LinkedHashMap<>();
        for (java.util.Map.Entry<String, String> e : values.entrySet()) {
            attrs.put(e.getKey(), SystemParameterNames.validate(e.getKey(), e.getValue()));
        }
        String names = String.join(", ", values.keySet());
        ConfigurationAdmin admin = configAdmin;
        if (admin == null) {
            throw new io.cairn.sql.SqlException("Config Admin is not available: cannot store " + names, "55000");
        }
        try {
            Configuration[] found = admin.listConfigurations(
                    "(&(service.factoryPid=io.cairn.database)(name=" + name + "))");
            if (found == null || found.length == 0) {
                throw new io.cairn.sql.SqlException("no io.cairn.database configuration with name=" + name
                        + " in Config Admin: cannot store " + names, "55000");
            }
            Dictionary<String, Object> props = found[0].getProperties();
            attrs.values().forEach(a -> props.put(a[0], a[1]));
            found[0].update(props);
        } catch (IOException | InvalidSyntaxException e) {
            throw new io.cairn.sql.SqlException("cannot update the configuration of database '" + name + "': " + e, "58030");
        }
        StringBuilder set = new StringBuilder();
        attrs.forEach((k, a) -> set.append(set.length() == 0 ? "" : ", ").append(k).append(" = ").append(a[1]));
        LOG.info("database '{}': ALTER SYSTEM SET {}; the database restarts to apply it", name, set);
        return set + (attrs.size() == 1 ? " is" : " are") + " saved in the configuration of database '" + name
                + "'; the database restarts to apply it";
    }

    static StorageOptions storageOptions(DatabaseConfig config) {
        try {
            return StorageOptions.defaults()
                    .withBufferPoolBytes(ConfigValues.parseSize("bufferPoolSize", config.bufferPoolSize()))
                    .withWalSegmentBytes(ConfigValues.parseSize("walSegmentSize", config.walSegmentSize()))
                    .withCheckpointWalBytes(ConfigValues.parseSize("checkpointWalSize", config.checkpointWalSize()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("database '" + config.name() + "': " + e.getMessage(), e);
        }
    }

    static long memoryRows(DatabaseConfig config) {
        try {
            return ConfigValues.parseRows("maxMemoryRows", config.maxMemoryRows());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("database '" + config.name() + "': " + e.getMessage(), e);
        }
    }

    static TransactionOptions transactionOptions(DatabaseConfig config) {
        try {
            return TransactionOptions.defaults().withLockTimeout(ConfigValues.parseDuration("lockTimeout", config.lockTimeout()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("database '" + config.name() + "': " + e.getMessage(), e);
        }
    }

    // Whiteboard: every database honours every registered retention and listener.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVersionRetention(VersionRetention retention) {
        transactions.addVersionRetention(retention);
    }

    void removeVersionRetention(VersionRetention retention) {
        transactions.removeVersionRetention(retention);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addChangeListener(ChangeListener listener) {
        transactions.addChangeListener(listener);
    }

    void removeChangeListener(ChangeListener listener) {
        transactions.removeChangeListener(listener);
    }

    // Whiteboard: plugins' system views and procedures, in every database, while they stay registered.
    // A name already taken (a kernel view or another plugin's) is logged and skipped.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSystemView(SystemView view) {
        if (!sqlEngine.registry().addView(view)) {
            LOG.warn("database '{}': system view {} is already registered; ignoring {}", name, view.name(), view);
        }
    }

    void removeSystemView(SystemView view) {
        sqlEngine.registry().removeView(view);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSqlProcedure(SqlProcedure procedure) {
        if (!sqlEngine.registry().addProcedure(procedure)) {
            LOG.warn("database '{}': procedure {} is already registered; ignoring {}", name, procedure.name(), procedure);
        }
    }

    void removeSqlProcedure(SqlProcedure procedure) {
        sqlEngine.registry().removeProcedure(procedure);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSqlTableFunction(SqlTableFunction function) {
        if (!sqlEngine.registry().addTableFunction(function)) {
            LOG.warn("database '{}': table function {} is already registered; ignoring {}", name, function.name(), function);
        }
    }

    void removeSqlTableFunction(SqlTableFunction function) {
        sqlEngine.registry().removeTableFunction(function);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSqlFunction(io.cairn.sql.SqlFunction function) {
        if (!sqlEngine.registry().addFunction(function)) {
            LOG.warn("database '{}': function {} is already registered; ignoring {}", name, function.name(), function);
        }
    }

    void removeSqlFunction(io.cairn.sql.SqlFunction function) {
        sqlEngine.registry().removeFunction(function);
    }

    // Whiteboard: statement listeners and admission controllers, in every database or, with a
    // cairn.database service property, only in the database of that name.

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStatementListener(StatementListener listener, Map<String, Object> properties) {
        if (targetsThis(properties)) {
            sqlEngine.addStatementListener(listener);
        }
    }

    void removeStatementListener(StatementListener listener) {
        sqlEngine.removeStatementListener(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addAdmissionController(AdmissionController controller, Map<String, Object> properties) {
        if (targetsThis(properties)) {
            sqlEngine.addAdmissionController(controller);
        }
    }

    void removeAdmissionController(AdmissionController controller) {
        sqlEngine.removeAdmissionController(controller);
    }

    /** True unless the service names another database in its cairn.database property (a String or String[]). */
    boolean targetsThis(Map<String, Object> properties) {
        Object target = properties == null ? null : properties.get(NAME_PROPERTY);
        if (target == null) {
            return true;
        }
        if (target instanceof String[] names) {
            return java.util.Arrays.asList(names).contains(name);
        }
        if (target instanceof java.util.Collection<?> names) {
            return names.contains(name);
        }
        return name.equals(target.toString());
    }

    /** Closes sessions, checkpoints and closes the store, so the next open needs no recovery. */
    @Deactivate
    public void close() {
        for (int i = kernelServices.size() - 1; i >= 0; i--) { // the Database service goes first
            try {
                kernelServices.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        if (maintenance != null) {
            maintenance.close();
        }
        if (jdbcLease != null) {
            jdbcLease.close(); // JDBC connections on this instance die with it; pools replace them
        }
        sqlEngine.flushStatistics();
        transactions.close();
        LOG.info("Cairn database '{}' closed cleanly", name);
    }

    static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name '" + name
                    + "': use letters, digits and underscores, starting with a letter (at most 63)");
        }
        return name;
    }

    static Path resolveDirectory(String name, String configured, String containerHome) {
        Path dir = configured == null || configured.isBlank()
                ? Path.of(containerHome, "databases", name)
                : Path.of(configured.trim());
        return dir.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public TransactionManager transactions() {
        return transactions;
    }

    /** The SQL engine of this database (catalog, planner, executor); sessions come from {@link #transactions()}. */
    public SqlEngine sqlEngine() {
        return sqlEngine;
    }

    @Override
    public Storage storage() {
        return transactions.storage();
    }

    @Override
    public java.util.List<io.cairn.sql.TableStorage> tableStorage() {
        return sqlEngine.tableStorage();
    }
}
