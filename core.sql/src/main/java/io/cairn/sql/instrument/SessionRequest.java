package io.cairn.sql.instrument;

/**
 * A session asking to open.
 *
 * @param database   the database name
 * @param sessionId  the id it will have
 * @param user       its user
 * @param clientInfo what opens it (e.g. "jdbc " + URL)
 */
public record SessionRequest(String database, long sessionId, String user, String clientInfo) {
}
