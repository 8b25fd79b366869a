/**
 * Query planning: {@link io.cairn.sql.internal.plan.Planner} resolves names, chooses key and index
 * ranges for sargable predicates, and builds the operator tree of a query, with scalar, IN and
 * EXISTS subqueries as expressions. Private to core.sql.
 */
package io.cairn.sql.internal.plan;
