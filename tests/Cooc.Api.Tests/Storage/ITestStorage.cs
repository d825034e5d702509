namespace Cooc.Api.Tests.Storage;

/// <summary>
/// The storage one test app runs on. This project runs the app on the embedded adapters; Cooc.Api.Tests.Azure
/// compiles the same tests with <see cref="TestStorage"/> replaced, to run them on the Azure adapters and emulators.
/// </summary>
public interface ITestStorage : IAsyncDisposable
{
    /// <summary>Command-line settings for the app ("--Key", "value", ...).</summary>
    string[] Settings { get; }

    /// <summary>Runs after the app is built and before it starts (e.g. declares queues with the app's queue options).</summary>
    Task PrepareAsync(IServiceProvider services);
}
