package rnn.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * Reads the version from the jar manifest ({@code Implementation-Version}), else from {@code rnn/version.properties}
 * (filled in by Maven: the class directories that {@code --spark} and the tests run from have no manifest).
 */
public final class ManifestVersionProvider implements IVersionProvider {

    /** The version string: the manifest's, the build's, or {@code "unknown"} (classes compiled outside Maven). */
    public static String version() {
        String v = RnnCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : BuildVersion.VALUE;
    }

    /** rnn/version.properties, read once. */
    private static final class BuildVersion {
        static final String VALUE = read();

        private static String read() {
            try (java.io.InputStream in = ManifestVersionProvider.class.getResourceAsStream("/rnn/version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version", "").strip();
                return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"rnn " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
