using BouncePortal.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace BouncePortal.Infrastructure.Uploads;

/// <summary>
/// Keeps uploaded files on disk, one folder per agency, each file named after its upload id.
/// </summary>
public sealed class UploadStorage(DataDirectory dataDirectory, IOptions<BouncePortalOptions> options)
{
    private const int CopyBufferBytes = 81_920;

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>Returns the path of an upload's stored file.</summary>
    public string GetPath(Guid tenantId, Guid uploadId) =>
        Path.Combine(dataDirectory.UploadsPath, tenantId.ToString("N"), uploadId.ToString("N") + ".upload");

    /// <summary>
    /// Streams <paramref name="source"/> to the upload's file in chunks, reporting the bytes
    /// written so far. Throws <see cref="UploadTooLargeException"/> and deletes the partial
    /// file when the stream passes <see cref="MaxUploadBytes"/>.
    /// </summary>
    public async Task<long> SaveAsync(
        Guid tenantId, Guid uploadId, Stream source, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var path = GetPath(tenantId, uploadId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var buffer = new byte[CopyBufferBytes];
        long written = 0;
        try
        {
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes, useAsync: true);
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                written += read;
                if (written > MaxUploadBytes)
                {
                    throw new UploadTooLargeException(MaxUploadBytes);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                progress?.Report(written);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return written;
    }

    /// <summary>Opens an upload's stored file for reading.</summary>
    public FileStream OpenRead(Guid tenantId, Guid uploadId) =>
        new(GetPath(tenantId, uploadId), FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferBytes, FileOptions.SequentialScan);

    /// <summary>Deletes an upload's stored file if it exists.</summary>
    public void Delete(Guid tenantId, Guid uploadId) => File.Delete(GetPath(tenantId, uploadId));
}

/// <summary>
/// Raised when an upload passes the configured size limit.
/// </summary>
public sealed class UploadTooLargeException(long maxBytes)
    : Exception($"The file is larger than the upload limit of {maxBytes / (1024 * 1024)} MB. Split it or compress it with gzip.")
{
    /// <summary>The limit in bytes.</summary>
    public long MaxBytes { get; } = maxBytes;
}
