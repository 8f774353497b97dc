// The process-wide interrupt: SIGINT/SIGTERM set it (the CLI registers the signals); long work checks it, external
// tools are killed by it, and every half-written folder is removed on the way out.
namespace HwGen.Diagnostics;

public static class Interruption
{
    private static readonly CancellationTokenSource Source = new();

    /// <summary>Cancelled once an interrupt was requested.</summary>
    public static CancellationToken Token => Source.Token;

    public static bool IsRequested => Source.IsCancellationRequested;

    public static void Request() => Source.Cancel();

    /// <summary>Throws <see cref="OperationCanceledException"/> when an interrupt was requested.</summary>
    public static void ThrowIfRequested() => Source.Token.ThrowIfCancellationRequested();
}
