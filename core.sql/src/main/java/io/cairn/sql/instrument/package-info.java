/**
 * Statement instrumentation and admission: what a monitoring, workload or resource-manager
 * plugin registers to see every SQL statement ({@link io.cairn.sql.instrument.StatementListener})
 * and to decide whether sessions and statements may run
 * ({@link io.cairn.sql.instrument.AdmissionController}). Both are whiteboard services: every
 * database tracks them dynamically; a {@code cairn.database} service property limits one to the
 * database of that name. The contract (fields, units, threading, the admission protocol) is in
 * core.sql/INSTRUMENTATION.md. 0.2.0 adds queued admission ({@code Admission.queue},
 * {@code StatementHandle.grant}, {@code AdmissionController.queueAbandoned}) and a running
 * statement's progress, memory estimate and throttle ({@code StatementHandle},
 * {@code AdmissionController.statementProgress}). 0.3.0 adds {@code StatementHandle.growsStorage}
 * and {@code Admission.reject(reason, sqlState)} (a storage quota's 53400), and
 * {@code StatementEnd.cpuMeasured} (short statements sample the thread CPU clock).
 */
@Export
@Version("0.4.0")
package io.cairn.sql.instrument;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
