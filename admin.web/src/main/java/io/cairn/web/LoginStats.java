package io.cairn.web;

import org.osgi.annotation.versioning.ProviderType;

/** Login counters of the admin web server since it started (for {@code failed_logins_total}). */
@ProviderType
public interface LoginStats {

    /** Password logins (Basic or the console form) that JAAS rejected. */
    long failedLoginsTotal();

    /** Password logins that JAAS accepted. */
    long successfulLoginsTotal();
}
