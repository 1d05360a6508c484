namespace CivicHub.Core.Webhooks;

/// <summary>
/// What one round of the fan-out did: events handled, whether they filled its batch (so that more are already
/// committed), and whether more wait for their writers to end.
/// </summary>
public readonly record struct FanOutPass(int Handled, bool Full, bool Waiting);
