using System;
using System.Diagnostics;
using System.Text;
using System.Threading;

namespace DeviceAgent.Tests.RealPeers
{
    /// <summary>A process started with `ip netns exec`; its output is captured and it is killed on Dispose.</summary>
    public sealed class NamespaceProcess : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder stdout = new StringBuilder();
        private readonly StringBuilder stderr = new StringBuilder();
        private bool exitedBeforeDispose;
        private bool disposed;

        internal NamespaceProcess(ProcessStartInfo info)
        {
            process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        /// <summary>Pid of the started command (`ip netns exec` execs it, so this is the server itself).</summary>
        public int Id => process.Id;

        /// <summary>True once the process ended; after Dispose, whether the kill took effect.</summary>
        public bool HasExited => exitedBeforeDispose || (!disposed && process.HasExited);

        public string StandardOutput
        {
            get
            {
                lock (stdout)
                {
                    return stdout.ToString();
                }
            }
        }

        public string StandardError
        {
            get
            {
                lock (stderr)
                {
                    return stderr.ToString();
                }
            }
        }

        /// <summary>Both outputs, for failure messages.</summary>
        public string Output => "stdout:\n" + StandardOutput + "\nstderr:\n" + StandardError;

        /// <summary>Waits until text appears on stdout or stderr; false on timeout or when the process ended first.</summary>
        public bool WaitForOutput(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (StandardOutput.Contains(text, StringComparison.Ordinal) || StandardError.Contains(text, StringComparison.Ordinal))
                {
                    return true;
                }

                if (process.HasExited)
                {
                    // Let the asynchronous readers drain what the process wrote before it ended.
                    process.WaitForExit();
                    return StandardOutput.Contains(text, StringComparison.Ordinal) || StandardError.Contains(text, StringComparison.Ordinal);
                }

                Thread.Sleep(20);
            }

            return false;
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill(true);
                }

                exitedBeforeDispose = process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
                exitedBeforeDispose = true;
            }

            disposed = true;
            process.Dispose();
        }

        private static void Append(StringBuilder target, string line)
        {
            if (line == null)
            {
                return;
            }

            lock (target)
            {
                target.Append(line).Append('\n');
            }
        }
    }
}
