using CivicHub.Core.Staff.Passkeys;
using Microsoft.Extensions.Options;

namespace CivicHub.Server.Components.Desk.Passkeys;

/// <summary>Fails the start when Auth:Staff:Passkeys does not name the relying party outside Development, or names it wrongly.</summary>
public sealed class StaffPasskeySettingsCheck(IHostEnvironment environment) : IValidateOptions<StaffPasskeyOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffPasskeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.FirstProblem(environment.IsDevelopment()) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
