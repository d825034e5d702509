using System.Reflection;
using Amqp;
using Amqp.Framing;

namespace Cooc.Emulators.ServiceBus;

/// <summary>
/// Repairs a session whose outgoing window AMQPNetLite (2.5.5) wrapped to zero. The library sets the window from each
/// incoming session flow as next-incoming-id + incoming-window - next-outgoing-id, in 32-bit arithmetic. The Service Bus
/// client advertises an incoming window of uint.MaxValue, so a flow that reports a transfer the sending thread has
/// written but not counted yet (the connection's reader thread runs in between) computes a window of exactly 0. Later
/// transfers then wait in the session until the client sends another flow, and a receiver that already granted credit
/// sends none: its receive times out with the message sent nowhere (seen under CPU load as lost scheduled messages and
/// a stalled receiver). The client's window is never really exhausted, so a zero window is always this wrap; the repair
/// handles a session flow that reopens it, as the client's next flow would, which also writes the waiting transfers.
/// </summary>
internal static class SessionWindow
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly FieldInfo OutgoingWindow = typeof(Session).GetField("outgoingWindow", Private)
        ?? throw new MissingFieldException(nameof(Session), "outgoingWindow");

    private static readonly FieldInfo NextOutgoingId = typeof(Session).GetField("nextOutgoingId", Private)
        ?? throw new MissingFieldException(nameof(Session), "nextOutgoingId");

    /// <summary>The library's SequenceNumber keeps its value as an int.</summary>
    private static readonly FieldInfo SequenceNumberValue = NextOutgoingId.FieldType.GetField("sequenceNumber", Private)
        ?? throw new MissingFieldException(NextOutgoingId.FieldType.Name, "sequenceNumber");

    private static readonly MethodInfo OnFlow = typeof(Session).GetMethod("OnFlow", Private, [typeof(Flow)])
        ?? throw new MissingMethodException(nameof(Session), "OnFlow");

    /// <summary>Reopens the session's outgoing window if it wrapped to zero; call after handing the session a transfer.</summary>
    public static void ReopenIfWrapped(Session session)
    {
        if ((uint)OutgoingWindow.GetValue(session)! != 0) return;
        var nextOutgoingId = unchecked((uint)(int)SequenceNumberValue.GetValue(NextOutgoingId.GetValue(session))!);
        // Unwrapped, a closing session's AmqpException reaches the caller's handler as the transfer's own would.
        OnFlow.Invoke(session, BindingFlags.DoNotWrapExceptions, null,
            [new Flow { NextIncomingId = nextOutgoingId, IncomingWindow = int.MaxValue, NextOutgoingId = 0, OutgoingWindow = 0 }], null);
    }

    /// <summary>For tests: puts the session in the state the race leaves it in.</summary>
    internal static void Wrap(Session session) => OutgoingWindow.SetValue(session, 0u);
}
