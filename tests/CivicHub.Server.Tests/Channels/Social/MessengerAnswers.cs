namespace CivicHub.Server.Tests.Channels.Social;

/// <summary>What Meta expects back from a webhook it delivered.</summary>
public static class MessengerAnswers
{
    /// <summary>Asserts the 200 "EVENT_RECEIVED" Meta's documentation answers with.</summary>
    public static async Task EventReceivedAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("EVENT_RECEIVED", text);
    }
}
