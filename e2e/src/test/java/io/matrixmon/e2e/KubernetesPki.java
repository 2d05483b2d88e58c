package io.matrixmon.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificates of the suite's control plane, made with openssl as a cluster's installer makes
 * them: a CA, the API server's serving certificate for 127.0.0.1, an admin client certificate in
 * {@code system:masters} (PEM for the Go programs, PKCS #12 for the test JVM) and the key pair
 * that signs and checks service account tokens. Valid for a day: they live as long as the run.
 */
final class KubernetesPki {

    static final char[] KEY_STORE_PASSWORD = "matrixmon-e2e".toCharArray();

    final Path dir;
    final Path ca;
    final Path caKey;
    final Path serverCert;
    final Path serverKey;
    final Path adminCert;
    final Path adminKey;
    final Path adminKeyStore;
    final Path serviceAccountKey;
    final Path serviceAccountPublicKey;

    private KubernetesPki(Path dir) {
        this.dir = dir;
        ca = dir.resolve("ca.crt");
        caKey = dir.resolve("ca.key");
        serverCert = dir.resolve("apiserver.crt");
        serverKey = dir.resolve("apiserver.key");
        adminCert = dir.resolve("admin.crt");
        adminKey = dir.resolve("admin.key");
        adminKeyStore = dir.resolve("admin.p12");
        serviceAccountKey = dir.resolve("service-account.key");
        serviceAccountPublicKey = dir.resolve("service-account.pub");
    }

    static KubernetesPki create(Path dir) throws IOException {
        KubernetesPki pki = new KubernetesPki(Files.createDirectories(dir));
        pki.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", pki.caKey.toString(), "-out", pki.ca.toString(), "-days", "1", "-subj", "/CN=matrixmon-e2e-ca");
        pki.issue("apiserver", "/CN=kube-apiserver",
                "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.96.0.1\n"
                        + "extendedKeyUsage=serverAuth\n");
        pki.issue("admin", "/O=system:masters/CN=matrixmon-e2e-admin", "extendedKeyUsage=clientAuth\n");
        pki.openssl("pkcs12", "-export", "-in", pki.adminCert.toString(), "-inkey", pki.adminKey.toString(),
                "-out", pki.adminKeyStore.toString(), "-passout", "pass:" + new String(KEY_STORE_PASSWORD));
        pki.openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", pki.serviceAccountKey.toString());
        pki.openssl("pkey", "-in", pki.serviceAccountKey.toString(), "-pubout", "-out", pki.serviceAccountPublicKey.toString());
        return pki;
    }

    /** A key and a certificate signed by the CA, named {@code <name>.key} and {@code <name>.crt}. */
    private void issue(String name, String subject, String extensions) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        Path extensionFile = Files.writeString(dir.resolve(name + ".ext"),
                "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n" + extensions);
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", request.toString(), "-subj", subject);
        openssl("x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "1", "-extfile", extensionFile.toString(), "-out", dir.resolve(name + ".crt").toString());
    }

    private void openssl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
