namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// The credit a receiver granted on its link, and the AMQP library's own count beside it. The library reads each flow
/// as a change to its count, zeroes the count on a flow that does not raise the receiver's limit (a receiver repeating
/// its credit after an empty receive, or asking for a drain) and goes on counting down below zero as messages go out;
/// it is right again after the next flow that raises the limit. Keeping its count lets each flow be read as the
/// receiver meant it, so a repeated credit keeps messages flowing. Guarded by the queue's lock.
/// </summary>
internal sealed class ReceiverCredit
{
    /// <summary>The library's count, less the messages posted but not sent yet; below zero when the library's wrapped.</summary>
    private int libraryCount;

    /// <summary>How many more messages the receiver asked for.</summary>
    public int Available { get; private set; }

    public void Use()
    {
        Available--;
        libraryCount--;
    }

    /// <summary>
    /// A flow the library read as a change of delta. A drain takes all credit away (the emulator answers it at once by
    /// completing the drain, which zeroes the library's count too).
    /// </summary>
    public void OnFlow(int delta, bool drain, int unsent)
    {
        if (delta > 0)
        {
            libraryCount += delta;
            Available = libraryCount;
        }
        else
        {
            Available = Math.Max(0, libraryCount + delta);
            libraryCount = -unsent;
        }
        if (!drain) return;
        Available = 0;
        libraryCount = 0;
    }
}
