package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * {@code --emit slurm|k8s}: a Slurm array script that bash accepts and that runs, for array index I, exactly
 * {@code rnn sweep --trial I} with the sweep's arguments (checked by running it with a stub for rnn); a Kubernetes
 * Indexed Job that parses as YAML with the same command. Array tasks run at once update one leaderboard.
 */
class SweepArrayTest {

    @TempDir
    Path dir;

    private List<String> expectedTaskArgs(Path sweep, Path data, String index) {
        return List.of("sweep", "--trial", index, "--out", sweep.toString(), "--grid", "hidden=3,6;lr=1e-3,2e-2",
                "--epochs", "1", "--window", "5", "--plot", "none", data.toString());
    }

    @Test
    void slurmScriptRunsTheTrialOfItsArrayIndex() throws Exception {
        Path data = SweepFixture.sine(dir, 60);
        Path sweep = dir.resolve("sweep");
        Path jobs = dir.resolve("jobs");
        SweepFixture.Result r = SweepFixture.run(SweepFixture.sweep(sweep, data, "--grid", "hidden=3,6;lr=1e-3,2e-2",
                "--epochs", "1", "--window", "5", "--plot", "none", "--emit", "slurm", jobs.toString()));
        assertEquals(0, r.code(), r.err());
        Path script = jobs.resolve("sweep.slurm");
        assertEquals(script + "\n", r.out());
        String text = Files.readString(script);
        assertTrue(text.startsWith("#!/bin/bash\n"), text);
        assertTrue(text.contains("\n#SBATCH --array=0-3%4\n"), text);
        assertTrue(text.contains("\n#SBATCH --cpus-per-task=1\n"), text);
        assertEquals(0, new ProcessBuilder("bash", "-n", script.toString()).inheritIO().start().waitFor(),
                "bash -n accepts the script");

        // run it as Slurm would for index 2, with a stub rnn that prints its arguments one per line
        Path stub = dir.resolve("stub-rnn");
        Files.writeString(stub, "#!/bin/bash\nprintf '%s\\n' \"$@\"\n");
        assertTrue(stub.toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("SLURM_ARRAY_TASK_ID", "2");
        pb.environment().put("RNN", stub.toString());
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        assertEquals(expectedTaskArgs(sweep, data, "2"), List.of(printed.split("\n")));
        assertTrue(!Files.exists(sweep.resolve("trial-000")), "--emit trains nothing");
    }

    @Test
    void kubernetesJobParsesAndArrayTasksShareOneLeaderboard() throws Exception {
        Path data = SweepFixture.sine(dir, 60);
        Path sweep = dir.resolve("sweep");
        Path jobs = dir.resolve("jobs");
        SweepFixture.Result r = SweepFixture.run(SweepFixture.sweep(sweep, data, "--grid", "hidden=3,6;lr=1e-3,2e-2",
                "--epochs", "1", "--window", "5", "--plot", "none", "--parallel", "3", "--emit", "k8s",
                jobs.toString()));
        assertEquals(0, r.code(), r.err());
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(jobs.resolve("sweep-job.yaml").toFile());
        assertEquals("batch/v1", job.get("apiVersion").asText());
        assertEquals("Job", job.get("kind").asText());
        assertEquals("Indexed", job.at("/spec/completionMode").asText());
        assertEquals(4, job.at("/spec/completions").asInt());
        assertEquals(3, job.at("/spec/parallelism").asInt());
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());
        List<String> command = new ArrayList<>();
        job.at("/spec/template/spec/containers/0/command").forEach(n -> command.add(n.asText()));
        List<String> expected = new ArrayList<>(List.of("rnn"));
        expected.addAll(expectedTaskArgs(sweep, data, "$(JOB_COMPLETION_INDEX)"));
        assertEquals(expected, command);

        // two array tasks at once (as two pods would run them), each its own process
        Process[] tasks = new Process[2];
        String[] index = {"0", "3"};
        for (int i = 0; i < 2; i++) {
            List<String> args = expectedTaskArgs(sweep, data, index[i]);
            tasks[i] = Cli.start(dir, dir.resolve("out" + i), dir.resolve("err" + i), args.toArray(String[]::new));
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(tasks[i].waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, tasks[i].exitValue(), Files.readString(dir.resolve("err" + i)));
        }
        Map<String, String> status = new java.util.HashMap<>();
        for (String[] row : SweepFixture.csvRows(sweep.resolve("leaderboard.csv"))) {
            status.put(row[1], row[7]);
        }
        assertEquals(Map.of("trial-000", "done", "trial-001", "pending", "trial-002", "pending", "trial-003", "done"),
                status);
        assertEquals(4, SweepFixture.json(sweep.resolve("sweep.json")).get("trials").size());
    }

    @Test
    void anArrayTaskWhoseTrialFailsExitsOneAndListsItsError() throws IOException {
        Path data = SweepFixture.sine(dir, 60);
        Path sweep = dir.resolve("sweep");
        SweepFixture.Result r = SweepFixture.run(SweepFixture.sweep(sweep, data, "--grid", "tbptt=0,50", "--hidden",
                "3", "--epochs", "1", "--window", "5", "--plot", "none", "--trial", "1", "--json"));
        assertEquals(1, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.size(), r.out());
        assertEquals("trial-001", json.at("/1/trial").asText());
        assertEquals("50", json.at("/1/options/tbptt").asText());
        assertEquals("failed", json.at("/1/status").asText());
        assertTrue(json.at("/1/error").asText().startsWith("--tbptt 50: longer than the sequences"), r.out());
        assertTrue(json.at("/1/best_val_loss").isNull(), "no loss: null");
        assertEquals("pending", json.at("/0/status").asText());
        List<String[]> rows = SweepFixture.csvRows(sweep.resolve("leaderboard.csv"));
        assertEquals("trial-001", rows.get(1)[1]);
        assertEquals("failed", rows.get(1)[6]);
        assertEquals("--tbptt 50: longer than the sequences (5 steps), so it would truncate nothing; use a value of "
                + "at most 5 or 0 for full BPTT", rows.get(1)[7], "the in-process attempt's error line");
        assertEquals("pending", rows.get(0)[6]);
    }
}
