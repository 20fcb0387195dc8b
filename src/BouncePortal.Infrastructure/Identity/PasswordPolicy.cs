namespace BouncePortal.Infrastructure.Identity;

/// <summary>
/// The password rules that Identity enforces and every password form states and validates.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>Minimum password length in characters.</summary>
    public const int MinimumLength = 12;

    /// <summary>The help text under a new-password field.</summary>
    public const string Help = "At least 12 characters, with an upper-case letter, a lower-case letter, a digit and a symbol.";
}
