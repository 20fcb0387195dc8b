namespace BouncePortal.Domain.Parsing;

/// <summary>
/// Base for a forward-only, read-only stream that reads from <see cref="Inner"/> and owns it.
/// </summary>
/// <remarks>
/// A derived class implements <see cref="Read(Span{byte})"/>, and <see cref="Read(byte[], int, int)"/>
/// forwards to it. The default <see cref="Stream"/> implementations of <c>ReadByte</c> and the async
/// reads call that array overload, so every read passes through the derived class's checks.
/// Seeking, writing, <see cref="Length"/> and <see cref="Position"/> throw
/// <see cref="NotSupportedException"/>. Disposing the wrapper disposes <see cref="Inner"/>.
/// </remarks>
internal abstract class ReadOnlyStreamWrapper(Stream inner) : Stream
{
    /// <summary>The wrapped stream, disposed together with this one.</summary>
    protected Stream Inner { get; } = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
