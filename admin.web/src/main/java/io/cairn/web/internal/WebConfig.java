package io.cairn.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.cairn.web.cfg}: where the admin web server listens and how it treats requests. */
@ObjectClassDefinition(name = "Cairn admin web",
        description = "Port, bind address, TLS and limits of Cairn's REST API and console.")
public @interface WebConfig {

    @AttributeDefinition(description = "HTTP port (applied to Pax Web's org.ops4j.pax.web configuration).")
    int port() default 8181;

    @AttributeDefinition(description = "Address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one address.")
    String address() default "127.0.0.1";

    @AttributeDefinition(name = "TLS", description = "Serve HTTPS on tls.port; plain HTTP is then switched off.")
    boolean tls_enabled() default false;

    @AttributeDefinition(description = "HTTPS port when tls.enabled is true.")
    int tls_port() default 8443;

    @AttributeDefinition(description = "Key store holding the server's certificate and key (path).")
    String tls_keystore() default "";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Password of the key store.")
    String tls_keystorePassword() default "";

    @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Password of the key (empty: the key store password).")
    String tls_keyPassword() default "";

    @AttributeDefinition(description = "Key store type: PKCS12 or JKS.")
    String tls_keystoreType() default "PKCS12";

    @AttributeDefinition(description = "Manage Pax Web's listener settings from this file. false: leave etc/org.ops4j.pax.web.cfg alone.")
    boolean managePaxWeb() default true;

    @AttributeDefinition(description = "The JAAS realm users sign in against.")
    String realm() default "karaf";

    @AttributeDefinition(description = "Largest accepted request body, bytes.")
    int maxBodyBytes() default 1048576;

    @AttributeDefinition(description = "Most rows POST /api/v1/sql returns per statement (and its default).")
    int sqlMaxRows() default 1000;

    @AttributeDefinition(description = "Seconds after which a worksheet statement is cancelled.")
    int sqlTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Minutes without a request after which a console sign-in ends.")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(description = "On first start, when the users file has no user, create an administrator "
            + "with a random password written to etc/cairn-admin.password.")
    boolean createFirstAdmin() default true;
}
