using System.ComponentModel.DataAnnotations;

namespace CivicHub.Server.Components.Desk;

/// <summary>The desk's session: how long a signed-in member of staff may be idle, and how long a session may last at all.</summary>
public sealed class DeskOptions
{
    /// <summary>Idle time after which the desk cookie expires; each request within it starts the time again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "12:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest a desk session lasts from sign-in, however active: a shared or stolen cookie stops working by then.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a session is checked against the database (still active, same role).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
