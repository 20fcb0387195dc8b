using System.Runtime.InteropServices;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// The few calls of SQLite's C API that the bulk insert makes per value, declared on the raw
/// statement pointer. SQLitePCLRaw's own declarations take a <see cref="SafeHandle"/>, whose
/// reference counting and call stubs took about 6% of the insert thread's time in a profile. The
/// library is the one Microsoft.Data.Sqlite has already loaded (SQLitePCLRaw.bundle_e_sqlite3).
/// </summary>
/// <remarks>
/// The bind calls skip the GC transition because they only store a value or pointer in the
/// statement and never call back into .NET. The connection's lock they take is free, because
/// only the inserting thread uses the connection during an ingest.
/// </remarks>
internal static class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>The destructor argument telling SQLite that the text outlives the statement's use of it.</summary>
    public static readonly IntPtr Static = IntPtr.Zero;

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64", CallingConvention = CallingConvention.Cdecl)]
    [SuppressGCTransition]
    public static extern int BindInt64(IntPtr statement, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_null", CallingConvention = CallingConvention.Cdecl)]
    [SuppressGCTransition]
    public static extern int BindNull(IntPtr statement, int index);

    [DllImport(Library, EntryPoint = "sqlite3_bind_text", CallingConvention = CallingConvention.Cdecl)]
    [SuppressGCTransition]
    public static extern int BindText(IntPtr statement, int index, IntPtr utf8, int length, IntPtr destructor);

    [DllImport(Library, EntryPoint = "sqlite3_step", CallingConvention = CallingConvention.Cdecl)]
    public static extern int Step(IntPtr statement);

    [DllImport(Library, EntryPoint = "sqlite3_reset", CallingConvention = CallingConvention.Cdecl)]
    public static extern int Reset(IntPtr statement);
}
