namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// The resolved data folder and the paths inside it.
/// </summary>
public sealed class DataDirectory
{
    /// <summary>Resolves <paramref name="configured"/> against <paramref name="contentRoot"/> and creates the folder.</summary>
    public DataDirectory(string configured, string contentRoot)
    {
        RootPath = Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured));
        Directory.CreateDirectory(RootPath);
        Directory.CreateDirectory(UploadsPath);
    }

    /// <summary>The absolute path of the data folder.</summary>
    public string RootPath { get; }

    /// <summary>The portal's database file.</summary>
    public string DatabasePath => Path.Combine(RootPath, "bounceportal.db");

    /// <summary>Hangfire's job storage file.</summary>
    public string JobDatabasePath => Path.Combine(RootPath, "hangfire.db");

    /// <summary>
    /// The folder where earlier versions kept the data protection key ring; its keys are copied
    /// into the database at start (see <see cref="DatabaseInitializer"/>).
    /// </summary>
    public string KeysPath => Path.Combine(RootPath, "keys");

    /// <summary>The folder of uploaded files, one sub-folder per agency.</summary>
    public string UploadsPath => Path.Combine(RootPath, "uploads");
}
