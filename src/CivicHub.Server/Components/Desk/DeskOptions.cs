using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Components.Desk;

/// <summary>The desk's session: how long a signed-in member of staff may be idle before signing in again.</summary>
public sealed class DeskOptions
{
    /// <summary>Idle time after which the desk cookie expires; each request within it starts the time again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "12:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
