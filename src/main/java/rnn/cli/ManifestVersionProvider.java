package rnn.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest ({@code Implementation-Version}). */
public final class ManifestVersionProvider implements IVersionProvider {

    /** The version string: the manifest's, or {@code "unknown"} when not running from the jar (tests, IDE). */
    public static String version() {
        String v = RnnCommand.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"rnn " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
