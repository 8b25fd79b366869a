package io.cairn.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.web.Role;

class FirstAdminTest {

    @TempDir
    Path tmp;

    private static final String SHIPPED = String.join("\n",
            "# no user ships with the distribution",
            "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh,cairn-admin",
            "_g_\\:cairnviewers = group,cairn-viewer", "");

    @Test
    void createsAnAdminWithARandomPasswordReadableByTheOwnerOnlyAndJaasAcceptsIt() throws Exception {
        Path users = tmp.resolve("users.properties");
        Files.writeString(users, SHIPPED);
        Path written = FirstAdmin.createIfNoUser(users);
        assertNotNull(written);
        String password = Files.readString(written).trim();
        assertEquals(24, password.length());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertTrue(FirstAdmin.hasUser(users));

        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("users", users.toString()))};
            }
        };
        JaasAuthenticator auth = new JaasAuthenticator("karaf", jaas);
        assertEquals(new Identity("admin", Role.ADMIN), auth.authenticate("admin", password.toCharArray()));
        assertNull(auth.authenticate("admin", "karaf".toCharArray()));

        String before = Files.readString(users);
        assertNull(FirstAdmin.createIfNoUser(users), "a second start changes nothing");
        assertEquals(before, Files.readString(users));
        assertTrue(!FirstAdmin.randomPassword().equals(FirstAdmin.randomPassword()));
    }

    @Test
    void leavesAUsersFileWithUsersAlone() throws Exception {
        Path users = tmp.resolve("users.properties");
        Files.writeString(users, "ops = secret,_g_:admingroup\n" + SHIPPED);
        assertNull(FirstAdmin.createIfNoUser(users));
        assertTrue(Files.notExists(tmp.resolve(FirstAdmin.PASSWORD_FILE)));
    }
}
