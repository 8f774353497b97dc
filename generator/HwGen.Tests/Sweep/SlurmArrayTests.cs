// A real Slurm job array: the test starts a single-node cluster (munged, slurmctld, slurmd as background processes on
// private ports, config and state in a scratch folder, no systemd), submits a sweep as a 4-task array with
// `hwgen sweep submit --slurm --wait`, and compares the merged results with an unsharded run byte for byte. It stops
// exactly the three processes it started. Skipped, saying why, only where the daemons are missing or cannot start.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HwGen.Sweep;

namespace HwGen.Tests.Sweep;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public sealed class SlurmArrayTests
{
    [Test]
    public void A_four_task_array_merges_to_the_unsharded_results()
    {
        using var cluster = SlurmCluster.Start();
        var folder = SweepFiles.Scratch("slurm");
        var path = SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: slurm
            spec: base.yaml
            axes:
              - key: mode
                values: [rtl, analytical]
              - key: neuron.timesteps
                values: [2, 4]
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [0.1, 0.3]
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.9, 0.7]
            """);
        var output = Path.Combine(folder, "array");
        var environment = new Dictionary<string, string> { ["SLURM_CONF"] = cluster.Config };
        var submit = SweepFiles.RunCli(folder, environment, "sweep", "submit", path, "--slurm", "--tasks", "4", "--wait", "-o", output);
        Assert.That(submit.Code, Is.Zero, submit.Out + submit.Error + cluster.Logs());
        Assert.That(submit.Out, Does.Match("submitted Slurm job [0-9]+: 4 tasks over 8 points"));
        Assert.That(submit.Out, Does.Contain("merged 4 slices into"));
        var slices = SweepMerge.SlicesOf(output).Select(Path.GetFileName).ToList();
        Assert.That(slices, Is.EqualTo(new[] { "0-of-4", "1-of-4", "2-of-4", "3-of-4" }));
        Assert.That(File.ReadAllText(Path.Combine(output, SlurmSubmission.ScriptName)), Does.Contain("#SBATCH --array=0-3"));

        var local = SweepFiles.RunCli(folder, null, "sweep", path, "-o", Path.Combine(folder, "local"), "-j", "2");
        Assert.That(local.Code, Is.Zero, local.Error);
        Assert.That(SweepFiles.Results(output), Is.EqualTo(SweepFiles.Results(Path.Combine(folder, "local"))));
    }

    /// <summary>munged, slurmctld and slurmd started by this process, and stopped by it (those three processes only).</summary>
    private sealed class SlurmCluster : IDisposable
    {
        private readonly List<Process> daemons = [];

        private SlurmCluster(string root)
        {
            Root = root;
        }

        public string Root { get; }

        public string Config => Path.Combine(Root, "slurm.conf");

        public static SlurmCluster Start()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Ignore("Slurm test skipped: the single-node cluster runs on Linux only");
            }

            foreach (var tool in new[] { "munged", "slurmctld", "slurmd", "sbatch", "sinfo" })
            {
                if (HwGen.Sim.Toolchain.Find(tool) is null && !File.Exists("/usr/sbin/" + tool))
                {
                    Assert.Ignore($"Slurm test skipped: '{tool}' is not installed (Debian packages slurm-wlm and munge; ./test installs them when it may)");
                }
            }

            // A short path: munge's socket path must fit a Unix socket address.
            var root = Path.Combine(Path.GetTempPath(), "hwgen-slurm-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            foreach (var sub in new[] { "state", "spool", "log" })
            {
                Directory.CreateDirectory(Path.Combine(root, sub));
            }

            var cluster = new SlurmCluster(root);
            try
            {
                var key = Path.Combine(root, "munge.key");
                File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
                SetMode(key, UnixFileMode.UserRead);
                SetMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                var socket = Path.Combine(root, "munge.sock");
                cluster.Launch(Tool("munged"), "-F", "-f", "--key-file=" + key, "--socket=" + socket, "--pid-file=" + Path.Combine(root, "munged.pid"),
                    "--log-file=" + Path.Combine(root, "log", "munged.log"), "--seed-file=" + Path.Combine(root, "munged.seed"));
                WaitFor(() => File.Exists(socket), "munged did not create its socket", cluster);
                var host = Dns.GetHostName();
                File.WriteAllText(cluster.Config, string.Join("\n",
                    "ClusterName=hwgen-test",
                    $"SlurmctldHost={host}",
                    $"SlurmctldPort={FreePort()}",
                    $"SlurmdPort={FreePort()}",
                    "AuthType=auth/munge",
                    $"AuthInfo=socket={socket}",
                    "CredType=cred/munge",
                    $"SlurmUser={Environment.UserName}",
                    $"SlurmdUser={Environment.UserName}",
                    $"StateSaveLocation={Path.Combine(root, "state")}",
                    $"SlurmdSpoolDir={Path.Combine(root, "spool")}",
                    $"SlurmctldPidFile={Path.Combine(root, "slurmctld.pid")}",
                    $"SlurmdPidFile={Path.Combine(root, "slurmd.pid")}",
                    $"SlurmctldLogFile={Path.Combine(root, "log", "slurmctld.log")}",
                    $"SlurmdLogFile={Path.Combine(root, "log", "slurmd.log")}",
                    "ProctrackType=proctrack/linuxproc",
                    "TaskPlugin=task/none",
                    "SelectType=select/cons_tres",
                    "SelectTypeParameters=CR_Core",
                    "JobCompType=jobcomp/none",
                    "AccountingStorageType=accounting_storage/none",
                    "MpiDefault=none",
                    "ReturnToService=2",
                    "SchedulerParameters=sched_interval=1",
                    $"NodeName={host} CPUs={Environment.ProcessorCount} State=UNKNOWN",
                    "PartitionName=hwgen Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
                    string.Empty));
                cluster.Launch(Tool("slurmctld"), "-D", "-f", cluster.Config);
                cluster.Launch(Tool("slurmd"), "-D", "-f", cluster.Config, "-N", host);
                WaitFor(() => cluster.NodeIdle(), "the node did not come up idle", cluster);
                return cluster;
            }
            catch (Exception ex) when (ex is not IgnoreException and not AssertionException)
            {
                var logs = cluster.Logs();
                cluster.Dispose();
                Assert.Ignore($"Slurm test skipped: the daemons could not start here ({ex.Message}){logs}");
                throw;
            }
        }

        private static void SetMode(string path, UnixFileMode mode)
        {
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(path, mode);
            }
        }

        private static string Tool(string name) => HwGen.Sim.Toolchain.Find(name) ?? "/usr/sbin/" + name;

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private void Launch(string tool, params string[] args)
        {
            var info = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["SLURM_CONF"] = Config;
            var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
            var log = Path.Combine(Root, "log", Path.GetFileName(tool) + ".out");
            process.OutputDataReceived += (_, e) => Append(log, e.Data);
            process.ErrorDataReceived += (_, e) => Append(log, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            daemons.Add(process);
        }

        private static void Append(string file, string? line)
        {
            if (line is not null)
            {
                lock (typeof(SlurmCluster))
                {
                    File.AppendAllText(file, line + "\n");
                }
            }
        }

        private bool NodeIdle()
        {
            if (daemons.Any(d => d.HasExited))
            {
                throw new InvalidOperationException("a daemon exited: " + string.Join(", ", daemons.Where(d => d.HasExited).Select(d => $"{d.StartInfo.FileName} ({d.ExitCode})")));
            }

            var info = new ProcessStartInfo(Tool("sinfo"), ["-h", "-o", "%T"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.Environment["SLURM_CONF"] = Config;
            using var sinfo = Process.Start(info)!;
            var text = sinfo.StandardOutput.ReadToEnd();
            sinfo.WaitForExit();
            return sinfo.ExitCode == 0 && text.Trim() == "idle";
        }

        private static void WaitFor(Func<bool> condition, string what, SlurmCluster cluster)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException(what);
                }

                Thread.Sleep(100);
            }
        }

        public string Logs()
        {
            var folder = Path.Combine(Root, "log");
            return Directory.Exists(folder)
                ? string.Concat(Directory.EnumerateFiles(folder).Select(f => $"\n--- {Path.GetFileName(f)}\n" + string.Join("\n", File.ReadLines(f).TakeLast(15))))
                : string.Empty;
        }

        public void Dispose()
        {
            // The daemons in reverse order of start: the node, the controller, then munge.
            foreach (var d in Enumerable.Reverse(daemons))
            {
                if (!d.HasExited)
                {
                    using var term = Process.Start("kill", ["-TERM", d.Id.ToString(CultureInfo.InvariantCulture)]);
                    term.WaitForExit();
                    if (!d.WaitForExit(TimeSpan.FromSeconds(10)))
                    {
                        d.Kill();
                        d.WaitForExit();
                    }
                }

                d.Dispose();
            }

            daemons.Clear();
            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }
}
