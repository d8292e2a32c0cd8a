namespace PluginRuntime.Sdk;

/// <summary>The clearance a caller needs to run a method. Ordered: a higher level includes the lower ones.</summary>
public enum SecurityLevel
{
    /// <summary>Any authenticated caller with access to the system.</summary>
    User = 0,

    /// <summary>Support staff and administrators.</summary>
    Support = 1,

    /// <summary>Administrators only.</summary>
    Admin = 2,
}
