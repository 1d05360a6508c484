namespace CivicHub.Server.Components.Portal;

/// <summary>
/// Marks a page whose form takes files: it gets a request body limit of its own (AttachmentRules.MaxUploadRequestBytes)
/// instead of the host's small default, set when the pages are mapped (WebSetup).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AcceptsUploadsAttribute : Attribute;
