using System.Globalization;
using System.Text;

namespace CivicHub.Server.Components.Desk;

/// <summary>How the desk writes names of statuses and channels and sizes of files for people (times: <see cref="DeskTime"/>).</summary>
public static class DeskText
{
    /// <summary>"WaitingOnCitizen" reads "Waiting on citizen".</summary>
    public static string Words<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>A file's size, for the timeline's list of attachments.</summary>
    public static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024d * 1024d):0.#} MB");
}
