package io.cairn.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The first-start credential. The distribution ships {@code etc/users.properties} with groups but
 * no user, so no account with a known password exists. When the users file still has no user,
 * this creates {@value #USER} with a random password in the group {@value #GROUP} (Karaf's admin
 * roles, {@code ssh} and {@code cairn-admin}), appends it to the users file and writes the password
 * to {@value #PASSWORD_FILE} beside it; both files are made readable by their owner only.
 * {@code bin/client} then logs in as that user on its own (it takes the first user of the file).
 */
final class FirstAdmin {

    static final String USER = "admin";
    static final String GROUP = "admingroup";
    static final String PASSWORD_FILE = "cairn-admin.password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private FirstAdmin() {
    }

    /** The password file written, or null when the users file already has a user (or does not exist). */
    static Path createIfNoUser(Path usersFile) throws IOException {
        if (!Files.isRegularFile(usersFile) || hasUser(usersFile)) {
            return null;
        }
        Path passwordFile = usersFile.resolveSibling(PASSWORD_FILE);
        String password = randomPassword();
        ownerOnly(usersFile);
        try {
            Files.deleteIfExists(passwordFile); // a stale one from an earlier install names a user that is gone
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(passwordFile);
        } catch (FileAlreadyExistsException raced) {
            return null;
        }
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        String line = System.lineSeparator() + "# Created on first start by Cairn; the password is in " + PASSWORD_FILE
                + ". Change it with jaas:user-add / jaas:update." + System.lineSeparator()
                + USER + " = " + password + ",_g_:" + GROUP + System.lineSeparator();
        Files.writeString(usersFile, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return passwordFile;
    }

    static boolean hasUser(Path usersFile) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(usersFile, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        return p.stringPropertyNames().stream().anyMatch(k -> !k.startsWith("_g_:"));
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the ACL of the install directory
        }
    }

    /** 24 characters from a 57-letter alphabet without look-alikes or the users file's separators: ~140 bits. */
    static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    static List<String> describe(Path passwordFile) {
        return List.of("Cairn created the administrator '" + USER + "' (roles cairn-admin, admin, ssh); its password is in "
                + passwordFile + " (readable by this account only). bin/client uses it without asking.");
    }
}
