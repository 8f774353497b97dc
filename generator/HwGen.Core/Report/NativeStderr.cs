// SkiaSharp's SVG canvas writes "Unsupported path effect in addPaint." to the process's standard error (file descriptor
// 2, from native code, without a newline) for every dashed or dotted line, although it draws the dashes as filled
// outlines, which is what hwgen's SVG plots hold. While an SVG is written, descriptor 2 is pointed at a pipe whose
// contents, less those notes, are written back to the real standard error afterwards, so nothing anyone else writes
// in that window is lost. Every tool hwgen starts has its standard error redirected (Sim/Toolchain.cs), so no child
// process inherits the pipe; the pipe and the saved descriptor are close-on-exec.
using System.Runtime.InteropServices;
using System.Text;

namespace HwGen.Report;

internal static class NativeStderr
{
    /// <summary>The note SkiaSharp's SVG canvas writes for each dashed stroke.</summary>
    public const string SvgPathEffectNote = "Unsupported path effect in addPaint.";

    private const int StandardError = 2;
    private const int OCloexec = 0x80000;
    private const int FDupfdCloexec = 1030;
    private static readonly object Gate = new();

    /// <summary>Runs <paramref name="action"/> with every occurrence of <paramref name="note"/> on descriptor 2 removed.</summary>
    public static void WithoutNote(string note, Action action)
    {
        if (!OperatingSystem.IsLinux())
        {
            action();
            return;
        }

        lock (Gate)
        {
            var pipe = new int[2];
            if (Pipe2(pipe, OCloexec) != 0)
            {
                action();
                return;
            }

            var saved = Fcntl(StandardError, FDupfdCloexec, 3);
            if (saved < 0 || Dup2(pipe[1], StandardError) < 0)
            {
                Close(pipe[0]);
                Close(pipe[1]);
                if (saved >= 0)
                {
                    Close(saved);
                }

                action();
                return;
            }

            Close(pipe[1]);
            var captured = new MemoryStream();
            var relay = new Thread(() => Drain(pipe[0], captured)) { IsBackground = true, Name = "hwgen-stderr" };
            relay.Start();
            try
            {
                action();
            }
            finally
            {
                // Descriptor 2 is the real standard error again; the pipe's last write end closes, the relay sees its end.
                Dup2(saved, StandardError);
                relay.Join();
                Close(pipe[0]);
                var text = Encoding.UTF8.GetString(captured.ToArray()).Replace(note, string.Empty, StringComparison.Ordinal);
                if (text.Length > 0)
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    Write(saved, bytes, bytes.Length);
                }

                Close(saved);
            }
        }
    }

    private static void Drain(int fd, MemoryStream into)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var n = Read(fd, buffer, buffer.Length);
            if (n <= 0)
            {
                return;
            }

            into.Write(buffer, 0, (int)n);
        }
    }

    [DllImport("libc", EntryPoint = "pipe2")]
    private static extern int Pipe2(int[] fds, int flags);

    [DllImport("libc", EntryPoint = "fcntl")]
    private static extern int Fcntl(int fd, int command, int argument);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int from, int to);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "read")]
    private static extern nint Read(int fd, byte[] buffer, nint count);

    [DllImport("libc", EntryPoint = "write")]
    private static extern nint Write(int fd, byte[] buffer, nint count);
}
