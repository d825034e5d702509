namespace Cooc.Functions.Video.Packaging;

/// <summary>
/// The source cannot be packaged, or a tool failed: Message is readable by an instructor or an operator ("no video
/// stream", "could not read the file: moov atom not found", "ffmpeg failed (exit code 1): ..."), never a stack trace.
/// </summary>
public sealed class VideoProcessingException : Exception
{
    public VideoProcessingException(string message) : base(message) { }

    public VideoProcessingException(string message, Exception inner) : base(message, inner) { }
}
