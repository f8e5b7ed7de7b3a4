package rnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The claim of a run directory: its lock, the earlier run set aside and settled, and stale temporary files. */
class RunDirectoryClaimTest {

    private static final String RNN_CONFIG = "{\"tool\": \"rnn\", \"command\": \"train\"}";

    @TempDir
    Path dir;

    /** An earlier run: config.json by rnn, a last checkpoint and an epoch checkpoint, with known contents. */
    private RunDirectory earlierRun() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Files.createDirectories(run.root().resolve(RunDirectory.CHECKPOINTS));
        Files.writeString(run.config(), RNN_CONFIG);
        Files.writeString(run.last(), "old last");
        Files.writeString(run.epochCheckpoint(7), "old epoch 7");
        return run;
    }

    @Test
    void aRunThatWritesNoCheckpointPutsTheEarlierRunBack() throws IOException {
        RunDirectory run = earlierRun();
        try (RunDirectory.Claim claim = run.claimNew(true)) {
            assertTrue(claim.replacing());
            assertFalse(Files.exists(run.last()), "set aside while the new run works");
            Files.writeString(run.config(), "new config"); // the new run got this far, then failed
        }
        assertEquals(RNN_CONFIG, Files.readString(run.config()));
        assertEquals("old last", Files.readString(run.last()));
        assertEquals("old epoch 7", Files.readString(run.epochCheckpoint(7)));
        assertEquals(List.of(), hidden(run, ".replaced-by-"));
    }

    @Test
    void aRunThatWritesACheckpointReplacesTheEarlierRun() throws IOException {
        RunDirectory run = earlierRun();
        try (RunDirectory.Claim claim = run.claimNew(true)) {
            Files.writeString(run.config(), RNN_CONFIG + " ");
            Files.writeString(run.last(), "new last");
        }
        assertEquals("new last", Files.readString(run.last()));
        assertFalse(Files.exists(run.epochCheckpoint(7)), "the earlier run's epochs are gone");
        assertEquals(List.of(), hidden(run, ".replaced-by-"));
    }

    /**
     * A run killed before it settled leaves .replaced-by-PID; the next claim settles it (here: puts it back), even
     * when that PID now names a live process (1, init): under the lock, its owner is known to be gone.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anAbandonedReplacementIsSettledByTheNextClaim(boolean pidDied) throws Exception {
        RunDirectory run = earlierRun();
        Path aside = run.root().resolve(".replaced-by-" + (pidDied ? deadPid() : 1));
        Files.createDirectories(aside.resolve(RunDirectory.CHECKPOINTS));
        Files.move(run.last(), aside.resolve(RunDirectory.LAST));
        Files.move(run.epochCheckpoint(7), aside.resolve("checkpoints/epoch-0007.safetensors"));
        try (RunDirectory.Claim claim = run.claimResume()) {
            assertEquals("old last", Files.readString(run.last()));
            assertEquals("old epoch 7", Files.readString(run.epochCheckpoint(7)));
            assertFalse(Files.exists(aside));
        }
    }

    @Test
    void aSecondClaimInThisProcessIsRefused() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("busy"));
        try (RunDirectory.Claim claim = run.claimNew(false)) {
            RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> run.claimResume());
            assertEquals(4, e.exitCode());
            assertTrue(e.getMessage().startsWith(run.root() + ": another rnn run is writing into this run directory: "
                    + "pid " + ProcessHandle.current().pid() + " on host "), e.getMessage());
        }
        run.claimResume().close(); // free again
    }

    /** Another process holds the lock (a child JVM): refused, naming its PID; free again once it has ended. */
    @Test
    void aRunDirectoryLockedByAnotherProcessIsRefusedNamingIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("shared"));
        Process holder = LockHolder.start(root);
        try {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertEquals("locked", r.readLine());
                RunDirectory run = new RunDirectory(root);
                RunDirectoryException e = assertThrows(RunDirectoryException.class, () -> run.claimResume());
                assertEquals(4, e.exitCode());
                assertTrue(e.getMessage().startsWith(root + ": another rnn run is writing into this run directory: "
                        + "pid " + holder.pid() + " on host " + RunLock.hostName() + " since "), e.getMessage());
                assertTrue(e.getMessage().endsWith("; wait for it to finish, or write elsewhere with {{out}}"),
                        e.getMessage());
                assertThrows(RunDirectoryException.class, () -> run.claimNew(true));
                holder.getOutputStream().close();
                assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
                run.claimResume().close();
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /**
     * This process holds the directory, and a second claim here was refused: another process is still refused
     * (POSIX locks belong to the process, and closing any channel of the file would drop them; the refused claim
     * must not have opened one).
     */
    @Test
    void aRefusedSecondClaimHereDoesNotReleaseTheLockForOtherProcesses() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("held-here"));
        try (RunDirectory.Claim claim = run.claimNew(false)) {
            assertThrows(RunDirectoryException.class, () -> run.claimResume());
            Process other = LockHolder.start(run.root());
            try (BufferedReader r = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = r.readLine();
                assertTrue(line.startsWith("refused: " + run.root() + ": another rnn run is writing into this run "
                        + "directory: pid " + ProcessHandle.current().pid() + " on host "), line);
                assertTrue(other.waitFor(60, TimeUnit.SECONDS));
                assertEquals(4, other.exitValue());
            } finally {
                other.destroyForcibly();
            }
        }
    }

    @Test
    void staleTemporaryFilesOfDeadProcessesAreRemovedOnTheNextWrite() throws Exception {
        Path stale = Files.writeString(dir.resolve(".last.safetensors.tmp-" + deadPid()), "torn");
        Path live = Files.writeString(dir.resolve(".best.safetensors.tmp-" + ProcessHandle.current().pid() + "0"),
                "x");
        Path mine = Files.writeString(dir.resolve(".best.safetensors.tmp-" + ProcessHandle.current().pid()), "y");
        Path notOurs = Files.writeString(dir.resolve("notes.tmp-1"), "user file");
        boolean liveIsAlive = ProcessHandle.of(ProcessHandle.current().pid() * 10).map(ProcessHandle::isAlive)
                .orElse(false);
        AtomicFiles.write(dir.resolve("summary.json"), "{}");
        assertFalse(Files.exists(stale), "a dead process's temporary file is removed");
        assertTrue(Files.exists(mine), "this (live) process's file stays");
        assertTrue(Files.exists(notOurs), "a name rnn does not write stays");
        assertEquals(liveIsAlive, Files.exists(live));
    }

    /** The PID of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.pid();
    }

    private static List<String> hidden(RunDirectory run, String prefix) throws IOException {
        try (var s = Files.list(run.root())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        }
    }
}
