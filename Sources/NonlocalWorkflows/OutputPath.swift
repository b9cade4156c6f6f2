// OutputPath: an output file checked before any work — its folder, its extension, and that it is none of the inputs.
import Foundation
import NonlocalFiles

/// The checks a command makes on `-o PATH` before it starts: the folder exists and is writable,
/// the extension names a format the command writes, and the path (or its side files) is not
/// one of the command's inputs — compared by canonical path, so `./a.nc` and `a.nc` match.
public enum OutputPath {
    /// - Parameters:
    ///   - extensions: the accepted extensions without the dot (nil accepts any).
    ///   - inputs: the command's input files.
    ///   - sideFiles: further paths the command writes beside `path` (vectors, factors).
    /// - Throws: ``WorkflowError/invalidOutput(path:reason:)``.
    public static func check(_ path: String, extensions: [String]?, inputs: [String] = [], sideFiles: [String] = []) throws(WorkflowError) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let extensions {
            let dot = name.lastIndex(of: ".")
            let given = dot.map { String(name[name.index(after: $0)...]).lowercased() } ?? ""
            guard extensions.contains(given) else {
                throw .invalidOutput(
                    path: path, reason: "this command writes \(extensions.map { "." + $0 }.joined(separator: " or ")) files; name the output accordingly")
            }
        }
        let folder = String(path.dropLast(name.count)).isEmpty ? "." : String(path.dropLast(name.count))
        guard FileSystem.isFolder(folder) else { throw .invalidOutput(path: path, reason: "the folder \(folder) does not exist; create it first") }
        guard FileSystem.isWritableFolder(folder) else { throw .invalidOutput(path: path, reason: "no permission to create files in \(folder)") }
        // The permission bits do not tell everything (read-only mounts, /proc): create and remove a probe.
        let probe = folder + (folder.hasSuffix("/") ? "" : "/") + ".nonlocal-probe-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            let file = try OutputFile(creating: probe, for: path)
            try file.close()
            try FileSystem.removeFile(probe)
        } catch {
            throw .invalidOutput(path: path, reason: "files cannot be created in \(folder) (\(error.problem))")
        }
        guard !FileSystem.isFolder(path) else { throw .invalidOutput(path: path, reason: "it is a folder; give a file name") }
        let written = Set(([path] + sideFiles).map(FileSystem.absolutePath))
        for input in inputs where written.contains(FileSystem.absolutePath(input)) {
            throw .invalidOutput(path: path, reason: "it is the input \(input); choose another output name")
        }
    }
}
