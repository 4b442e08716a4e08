import CCompression
import Foundation

/// Decompresses repository metadata piece by piece, so that a large `primary.xml` never has to
/// be in memory whole: gzip (zlib), xz (liblzma) or zstd (libzstd), chosen by the file's magic
/// bytes. Each piece of output is handed to `sink` as it is produced.
final class StreamDecompressor {
    enum Format: String, Sendable {
        case gzip, xz, zstd, none

        /// The format the first bytes announce; plain XML is `none`.
        static func detect(_ head: some Collection<UInt8>) -> Format? {
            let bytes = Array(head.prefix(6))
            if bytes.starts(with: [0x1F, 0x8B]) { return .gzip }
            if bytes.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
            if bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
            if bytes.first == UInt8(ascii: "<") || bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Format.none }
            return nil
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let format: Format
    private var zlib = z_stream()
    private var lzma = lzma_stream()
    private var zstd: OpaquePointer?
    private var finished = false
    private var outputBuffer = [UInt8](repeating: 0, count: 256 * 1024)

    init(format: Format) throws {
        self.format = format
        switch format {
        case .gzip:
            // 15 + 32: a zlib or gzip header, detected.
            guard inflateInit2_(&zlib, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw Failure(description: "zlib could not start")
            }
        case .xz:
            lzma = lzma_stream()
            guard lzma_stream_decoder(&lzma, UInt64.max, 0) == LZMA_OK else { throw Failure(description: "liblzma could not start") }
        case .zstd:
            guard let context = ZSTD_createDStream() else { throw Failure(description: "libzstd could not start") }
            zstd = context
            ZSTD_initDStream(context)
        case .none:
            break
        }
    }

    deinit {
        switch format {
        case .gzip: inflateEnd(&zlib)
        case .xz: lzma_end(&lzma)
        case .zstd: if let zstd { ZSTD_freeDStream(zstd) }
        case .none: break
        }
    }

    /// Whether the compressed stream has ended (a truncated file never gets there).
    var isFinished: Bool { format == .none || finished }

    /// Feeds compressed bytes; decompressed output goes to `sink`.
    func feed(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch format {
        case .none:
            try sink(input)
        case .gzip:
            try feedZlib(input, sink)
        case .xz:
            try feedLZMA(input, sink)
        case .zstd:
            try feedZstd(input, sink)
        }
    }

    private func feedZlib(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        if finished { throw Failure(description: "data after the end of the gzip stream") }
        zlib.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        zlib.avail_in = uInt(input.count)
        try outputBuffer.withUnsafeMutableBytes { output in
            repeat {
                zlib.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
                zlib.avail_out = uInt(output.count)
                let status = inflate(&zlib, Z_NO_FLUSH)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw Failure(description: "the gzip data is damaged (zlib \(status))")
                }
                let produced = output.count - Int(zlib.avail_out)
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
                if status == Z_STREAM_END {
                    finished = true
                    if zlib.avail_in > 0 { throw Failure(description: "data after the end of the gzip stream") }
                    return
                }
                if status == Z_BUF_ERROR && produced == 0 { return }
            } while zlib.avail_in > 0 || zlib.avail_out == 0
        }
    }

    private func feedLZMA(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        if finished { throw Failure(description: "data after the end of the xz stream") }
        lzma.next_in = base.assumingMemoryBound(to: UInt8.self)
        lzma.avail_in = input.count
        try outputBuffer.withUnsafeMutableBytes { output in
            repeat {
                lzma.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
                lzma.avail_out = output.count
                let status = lzma_code(&lzma, LZMA_RUN)
                guard status == LZMA_OK || status == LZMA_STREAM_END || status == LZMA_BUF_ERROR else {
                    throw Failure(description: "the xz data is damaged (liblzma \(status.rawValue))")
                }
                let produced = output.count - lzma.avail_out
                if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
                if status == LZMA_STREAM_END {
                    finished = true
                    return
                }
                if status == LZMA_BUF_ERROR && produced == 0 { return }
            } while lzma.avail_in > 0 || lzma.avail_out == 0
        }
    }

    private func feedZstd(_ input: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let zstd, let base = input.baseAddress, !input.isEmpty else { return }
        var source = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        try outputBuffer.withUnsafeMutableBytes { output in
            repeat {
                var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
                let status = ZSTD_decompressStream(zstd, &target, &source)
                if ZSTD_isError(status) != 0 {
                    throw Failure(description: "the zstd data is damaged (\(String(cString: ZSTD_getErrorName(status))))")
                }
                if target.pos > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<target.pos])) }
                // 0: a frame is complete and fully flushed.
                finished = status == 0
                if source.pos == source.size && target.pos < target.size { return }
            } while true
        }
    }
}
