package io.matrixmon.maven;

import io.matrixmon.core.chart.ChartArchive;
import io.matrixmon.core.publish.ChartPublisher;
import io.matrixmon.core.publish.Credentials;
import io.matrixmon.core.publish.PublishException;
import io.matrixmon.core.render.ChartOutput;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Publishes the chart archive to a chart repository: an OCI registry ({@code oci://host/path}),
 * a classic repository that accepts HTTP PUT (archive plus merged index.yaml), or ChartMuseum.
 * Credentials come from a {@code <server>} of settings.xml, decrypted, and are never printed.
 *
 * @since 0.1.0
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractChartMojo {

    public PushMojo() {
        super("push", PropertyNames.PUSH_SKIP);
    }

    /**
     * Where to publish: {@code oci://registry.example.org/charts} or
     * {@code https://repo.example.org/repository/helm/}. Without it the goal does nothing.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUSH_REPOSITORY)
    private String repository;

    /**
     * How to publish to an http(s) repository: {@code PUT} (archive and index.yaml, as Nexus,
     * Artifactory or WebDAV take them) or {@code CHARTMUSEUM} ({@code POST /api/charts}).
     * {@code AUTO} picks OCI for oci:// and PUT otherwise.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUSH_REPOSITORY_TYPE, defaultValue = "AUTO")
    private ChartPublisher.Kind repositoryType;

    /**
     * Id of the {@code <server>} in settings.xml holding the user name and (encrypted) password.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUSH_SERVER_ID)
    private String serverId;

    /**
     * Talk to the OCI registry over plain HTTP (private registries without TLS).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUSH_PLAIN_HTTP, defaultValue = "false")
    private boolean plainHttp;

    /**
     * Accept any TLS certificate of the OCI registry.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUSH_INSECURE, defaultValue = "false")
    private boolean insecure;

    /**
     * Creation time written into index.yaml: the reproducible-build timestamp.
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;


    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUSH_SKIP, defaultValue = "false")
    private boolean skipPush;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    @Component
    private SettingsDecrypter settingsDecrypter;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (repository == null || repository.isBlank()) {
            getLog().info("No chart repository configured (" + PropertyNames.PUSH_REPOSITORY + "): nothing to push");
            return;
        }
        Path chart = chart();
        Path archive = ChartOutput.in(outputDirectory.toPath()).archive(chart);
        if (archive == null || !Files.isRegularFile(archive)) {
            throw new MojoFailureException("No chart archive in " + outputDirectory + "; run matrixmon:package first");
        }
        URI target;
        try {
            target = URI.create(repository.strip());
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(PropertyNames.PUSH_REPOSITORY + " '" + repository + "' is not a URL: "
                    + e.getMessage());
        }
        if (!java.util.List.of("oci", "http", "https").contains(String.valueOf(target.getScheme()))) {
            throw new MojoFailureException(PropertyNames.PUSH_REPOSITORY + " must start with oci://, http:// or https://,"
                    + " got '" + repository + "'");
        }
        Credentials credentials = credentials();
        try {
            String location = new ChartPublisher().publish(new ChartPublisher.Request(archive,
                    ChartPublisher.chartYaml(chart), target, repositoryType, credentials, plainHttp, insecure,
                    ChartArchive.outputTime(outputTimestamp)));
            getLog().info("Pushed " + archive.getFileName() + " to " + location
                    + (credentials == null ? "" : " as " + credentials.username()));
        } catch (PublishException e) {
            throw new MojoExecutionException(e.getMessage());
        } catch (IOException e) {
            // the class tells what failed when the message is empty (a refused connection has none)
            throw new MojoExecutionException("Cannot publish " + archive.getFileName() + " to " + repository + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    /** The decrypted credentials of {@code serverId}; null without one. */
    private Credentials credentials() throws MojoFailureException {
        if (serverId == null || serverId.isBlank()) {
            return null;
        }
        Server server = settings.getServer(serverId);
        if (server == null) {
            throw new MojoFailureException("No <server> with id '" + serverId + "' in settings.xml"
                    + " (" + PropertyNames.PUSH_SERVER_ID + ")");
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                throw new MojoFailureException("Cannot decrypt the password of server '" + serverId + "'"
                        + " in settings.xml; check settings-security.xml");
            }
        }
        Server decrypted = result.getServer();
        return new Credentials(decrypted.getUsername(), decrypted.getPassword());
    }

    @Override
    protected boolean skipGoal() {
        return skipPush;
    }
}
