using Spectre.Console;

namespace Cooc.Functions.Video.Upload;

/// <summary>
/// Where the upload command writes. On a terminal it draws an animated progress bar (Spectre.Console) and writes
/// messages above it; otherwise (redirected output, CI, tests) it writes plain lines only.
/// </summary>
public sealed class UploadConsole
{
    private readonly TextWriter output;
    private readonly TextWriter errors;

    private UploadConsole(TextWriter output, TextWriter errors, IAnsiConsole? terminal)
    {
        this.output = TextWriter.Synchronized(output);
        this.errors = TextWriter.Synchronized(errors);
        Terminal = terminal;
    }

    /// <summary>Plain lines on these writers, never an animation.</summary>
    public static UploadConsole Plain(TextWriter output, TextWriter errors) => new(output, errors, null);

    /// <summary>This process's console: animated when standard output is an interactive terminal.</summary>
    public static UploadConsole ForThisProcess()
    {
        var animated = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return new UploadConsole(Console.Out, Console.Error, animated ? AnsiConsole.Console : null);
    }

    /// <summary>The terminal to animate, or null to print plain progress lines.</summary>
    public IAnsiConsole? Terminal { get; }

    public void Info(string line)
    {
        if (Terminal is null) output.WriteLine(line);
        else Terminal.MarkupLine(Markup.Escape(line));
    }

    /// <summary>Something that went wrong and is being handled (a retry).</summary>
    public void Warn(string line)
    {
        if (Terminal is null) errors.WriteLine(line);
        else Terminal.MarkupLine($"[yellow]{Markup.Escape(line)}[/]");
    }

    /// <summary>Why the command stopped: always on standard error.</summary>
    public void Error(string line) => errors.WriteLine(line);
}
