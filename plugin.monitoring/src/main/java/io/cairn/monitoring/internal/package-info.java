/**
 * Private implementation of Cairn Monitoring; never exported. The DS components at the top
 * ({@link io.cairn.monitoring.internal.MetricsComponent}, {@link io.cairn.monitoring.internal.AshComponent},
 * {@link io.cairn.monitoring.internal.MetricsServlet}) wire the plain classes of {@code metrics} and
 * {@code ash} to the kernel's {@link io.cairn.sql.Database} services; {@code view} holds the v$
 * views, {@code command} the shell commands.
 */
package io.cairn.monitoring.internal;
