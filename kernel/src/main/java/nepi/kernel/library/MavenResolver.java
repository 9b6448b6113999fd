package nepi.kernel.library;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * Resolves Maven coordinates with Apache Maven Resolver as Maven 3 does: transitive compile and runtime dependencies,
 * nearest-wins version mediation, {@code <dependencyManagement>} and BOM imports, from Maven Central and the
 * repositories added with {@link #addRepository}, through the user's settings (mirrors, proxies, servers' credentials,
 * offline, active profiles' repositories) into the user's local repository. Not thread-safe: the session uses it from
 * its cell thread.
 */
public final class MavenResolver implements AutoCloseable {

    /** Maven Central, as Maven names it (so that a mirror of {@code central} applies). */
    public static final RemoteRepository CENTRAL = new RemoteRepository.Builder(
                    "central", "default", "https://repo.maven.apache.org/maven2/")
            .setSnapshotPolicy(new RepositoryPolicy(false, null, null))
            .build();

    private static final Pattern COORDINATE = Pattern.compile("[^:\\s]+(:[^:\\s]*){2,4}");
    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** How long a download may go on before its progress is shown. */
    private static final Duration PROGRESS_AFTER = Duration.ofSeconds(1);

    private final Path settingsFile;
    private final Optional<Path> localRepositoryOverride;
    private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();
    private RepositorySystem system;

    /**
     * @param settingsFile            the user's settings ({@code ~/.m2/settings.xml}); a missing file means defaults
     * @param localRepositoryOverride the local repository instead of the settings' (Maven's {@code maven.repo.local})
     * @param central                 whether Maven Central is searched
     */
    public MavenResolver(Path settingsFile, Optional<Path> localRepositoryOverride, boolean central) {
        this.settingsFile = settingsFile;
        this.localRepositoryOverride = localRepositoryOverride;
        if (central) {
            repositories.put(CENTRAL.getId(), CENTRAL);
        }
    }

    /** The user's: {@code ~/.m2/settings.xml}, Maven Central, and {@code -Dmaven.repo.local} if the JVM has it. */
    public static MavenResolver forUser() {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Optional<Path> local = Optional.ofNullable(System.getProperty("maven.repo.local"))
                .filter(s -> !s.isBlank())
                .map(Path::of);
        return new MavenResolver(m2.resolve("settings.xml"), local, true);
    }

    /** The repositories searched, in order (before the settings' mirrors apply). */
    public List<RemoteRepository> repositories() {
        return List.copyOf(repositories.values());
    }

    /**
     * Adds (or replaces, by id) a repository searched after those before it.
     *
     * @return true if it replaced one of the same id
     * @throws LibraryException for a bad id or URL, or a {@code file:} URL that is not a directory
     */
    public boolean addRepository(String id, String url) throws LibraryException {
        if (!REPOSITORY_ID.matcher(id).matches()) {
            throw new LibraryException("'" + id + "' is not a repository id: use letters, digits, '.', '_' or '-'");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new LibraryException("'" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (scheme) {
            case "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new LibraryException("'" + url + "' names no host");
                }
            }
            case "file" -> {
                Path dir;
                try {
                    dir = Path.of(uri);
                } catch (IllegalArgumentException e) {
                    throw new LibraryException("'" + url + "' is not a file URL (write file:///absolute/path)");
                }
                if (!Files.isDirectory(dir)) {
                    throw new LibraryException("no directory " + dir + " (from " + url + ")");
                }
            }
            default -> throw new LibraryException(
                    "'" + url + "' is not a repository URL: use http://, https:// or file:///absolute/path");
        }
        RemoteRepository repository = new RemoteRepository.Builder(id, "default", uri.toString()).build();
        return repositories.put(id, repository) != null;
    }

    /**
     * Checks a coordinate and makes it an artifact.
     *
     * @throws LibraryException naming the coordinate and the accepted forms
     */
    public static Artifact artifact(String coordinate) throws LibraryException {
        if (COORDINATE.matcher(coordinate).matches()) {
            try {
                return new DefaultArtifact(coordinate);
            } catch (IllegalArgumentException e) {
                // Refused below, with the accepted forms.
            }
        }
        throw new LibraryException("'" + coordinate + "' is not a Maven coordinate"
                + ": write GROUP:ARTIFACT:VERSION or GROUP:ARTIFACT:EXTENSION[:CLASSIFIER]:VERSION,"
                + " e.g. com.google.code.gson:gson:2.11.0");
    }

    /**
     * Resolves the artifacts with their compile and runtime dependencies, mediated together as the dependencies of
     * one project.
     *
     * @param progress where the progress of slow downloads goes
     * @return the jars, roots first, then their dependencies
     * @throws LibraryException for a bad coordinate, unreadable settings, or a failed resolution (an artifact that
     *                          does not exist, an unreachable repository, offline without the artifact), in one
     *                          short message
     */
    public List<Artifact> resolve(List<String> coordinates, PrintStream progress) throws LibraryException {
        List<Artifact> roots = new ArrayList<>();
        for (String coordinate : coordinates) {
            roots.add(artifact(coordinate));
        }
        Settings settings = settings();
        RepositorySystem system = system();
        try (DownloadProgress listener = new DownloadProgress(progress, PROGRESS_AFTER);
                RepositorySystemSession.CloseableSession session = session(system, settings, listener)) {
            CollectRequest collect = new CollectRequest();
            roots.forEach(root -> collect.addDependency(new Dependency(root, JavaScopes.COMPILE)));
            collect.setRepositories(system.newResolutionRepositories(session, repositoriesWith(settings)));
            DependencyRequest request = new DependencyRequest(
                    collect, DependencyFilterUtils.classpathFilter(JavaScopes.COMPILE, JavaScopes.RUNTIME));
            List<Artifact> resolved = new ArrayList<>();
            for (ArtifactResult result :
                    system.resolveDependencies(session, request).getArtifactResults()) {
                Artifact artifact = result.getArtifact();
                if (artifact != null && artifact.getPath() != null) {
                    resolved.add(artifact);
                }
            }
            return resolved;
        } catch (DependencyResolutionException e) {
            throw new LibraryException(explain(e));
        }
    }

    /** The session's repositories, then those of the settings' active profiles. */
    private List<RemoteRepository> repositoriesWith(Settings settings) {
        Map<String, RemoteRepository> all = new LinkedHashMap<>(repositories);
        Set<String> active = new LinkedHashSet<>(settings.getActiveProfiles());
        for (Profile profile : settings.getProfiles()) {
            boolean byDefault =
                    profile.getActivation() != null && profile.getActivation().isActiveByDefault();
            if (!byDefault && !active.contains(profile.getId())) {
                continue;
            }
            for (org.apache.maven.settings.Repository repository : profile.getRepositories()) {
                RemoteRepository.Builder builder =
                        new RemoteRepository.Builder(repository.getId(), "default", repository.getUrl());
                if (repository.getReleases() != null) {
                    builder.setReleasePolicy(new RepositoryPolicy(
                            repository.getReleases().isEnabled(),
                            repository.getReleases().getUpdatePolicy(),
                            repository.getReleases().getChecksumPolicy()));
                }
                if (repository.getSnapshots() != null) {
                    builder.setSnapshotPolicy(new RepositoryPolicy(
                            repository.getSnapshots().isEnabled(),
                            repository.getSnapshots().getUpdatePolicy(),
                            repository.getSnapshots().getChecksumPolicy()));
                }
                all.putIfAbsent(repository.getId(), builder.build());
            }
        }
        return List.copyOf(all.values());
    }

    private RepositorySystemSession.CloseableSession session(
            RepositorySystem system, Settings settings, DownloadProgress listener) {
        Path local = localRepositoryOverride.orElseGet(() -> settings.getLocalRepository() == null
                        || settings.getLocalRepository().isBlank()
                ? Path.of(System.getProperty("user.home"), ".m2", "repository")
                : Path.of(settings.getLocalRepository()));
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror mirror : settings.getMirrors()) {
            mirrors.add(
                    mirror.getId(),
                    mirror.getUrl(),
                    mirror.getLayout(),
                    false,
                    mirror.isBlocked(),
                    mirror.getMirrorOf(),
                    mirror.getMirrorOfLayouts());
        }
        DefaultProxySelector proxies = new DefaultProxySelector();
        for (org.apache.maven.settings.Proxy proxy : settings.getProxies()) {
            if (!proxy.isActive()) {
                continue;
            }
            Authentication authentication = proxy.getUsername() == null
                    ? null
                    : new AuthenticationBuilder()
                            .addUsername(proxy.getUsername())
                            .addPassword(proxy.getPassword())
                            .build();
            proxies.add(
                    new Proxy(proxy.getProtocol(), proxy.getHost(), proxy.getPort(), authentication),
                    proxy.getNonProxyHosts());
        }
        DefaultAuthenticationSelector credentials = new DefaultAuthenticationSelector();
        for (Server server : settings.getServers()) {
            AuthenticationBuilder builder = new AuthenticationBuilder();
            if (server.getUsername() != null) {
                builder.addUsername(server.getUsername()).addPassword(server.getPassword());
            }
            if (server.getPrivateKey() != null) {
                builder.addPrivateKey(server.getPrivateKey(), server.getPassphrase());
            }
            credentials.add(server.getId(), builder.build());
        }
        Map<String, String> systemProperties = new LinkedHashMap<>();
        System.getProperties().forEach((key, value) -> systemProperties.put(key.toString(), value.toString()));
        return new SessionBuilderSupplier(system)
                .get()
                .withLocalRepositoryBaseDirectories(local)
                .setOffline(settings.isOffline())
                .setMirrorSelector(mirrors)
                .setProxySelector(proxies)
                .setAuthenticationSelector(credentials)
                .setTransferListener(listener)
                // POM profiles activated by the JDK, OS or properties see this JVM's.
                .setSystemProperties(systemProperties)
                // A repository that does not answer fails the cell in seconds, not in the default half hour.
                .setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, 10_000)
                .setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, 60_000)
                .build();
    }

    private Settings settings() throws LibraryException {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        if (Files.exists(settingsFile)) {
            request.setUserSettingsFile(settingsFile.toFile());
        }
        Properties properties = new Properties();
        properties.putAll(System.getProperties());
        System.getenv().forEach((name, value) -> properties.setProperty("env." + name, value));
        request.setSystemProperties(properties);
        try {
            return new DefaultSettingsBuilderFactory()
                    .newInstance()
                    .build(request)
                    .getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            SettingsProblem first = e.getProblems().get(0);
            throw new LibraryException(settingsFile + " cannot be read: " + first.getMessage()
                    + (first.getLineNumber() > 0 ? " (line " + first.getLineNumber() + ")" : ""));
        }
    }

    private RepositorySystem system() {
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        return system;
    }

    /** One line per failed artifact, in the resolver's words (which name the artifact and the repositories). */
    static String explain(DependencyResolutionException e) {
        Set<String> lines = new LinkedHashSet<>();
        if (e.getResult() != null && e.getResult().getCollectExceptions() != null) {
            e.getResult().getCollectExceptions().forEach(c -> lines.add(deepest(c)));
        }
        if (e.getResult() != null) {
            e.getResult().getArtifactResults().forEach(r -> r.getExceptions().forEach(x -> lines.add(deepest(x))));
        }
        if (lines.isEmpty()) {
            lines.add(deepest(e));
        }
        return String.join("\n", lines);
    }

    /** The most specific message of a chain: the not-found or transfer failure if there is one. */
    private static String deepest(Throwable e) {
        Throwable chosen = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArtifactNotFoundException || t instanceof ArtifactTransferException) {
                chosen = t;
                break;
            }
            chosen = t.getMessage() == null ? chosen : t;
        }
        String message = chosen.getMessage() == null ? chosen.toString() : chosen.getMessage();
        // The resolver appends every cause; the first line says it.
        return message.lines().findFirst().orElse(message).strip();
    }

    @Override
    public void close() {
        if (system != null) {
            system.shutdown();
            system = null;
        }
    }
}
