// OutputPath: an output file checked before any work — its folder, its extension, and that it is none of the inputs.
import Foundation
import NonlocalFiles

/// The checks a command makes on `-o PATH` before it starts: the folder exists and is writable,
/// the extension names a format the command writes, and the path (or its side files) is not
/// one of the command's inputs. The inputs come first, so that a command given its own input
/// as output hears that, not a complaint about the extension.
public enum OutputPath {
    /// - Parameters:
    ///   - extensions: the accepted extensions without the dot (nil accepts any).
    ///   - inputs: the command's input files.
    ///   - sideFiles: further paths the command writes beside `path` (vectors, factors).
    /// - Throws: ``WorkflowError/invalidOutput(path:reason:)``.
    public static func check(_ path: String, extensions: [String]?, inputs: [String] = [], sideFiles: [String] = []) throws(WorkflowError) {
        try checkNotAnInput(path, inputs: inputs, sideFiles: sideFiles)
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
        do {
            try AtomicFile.checkFilesCanBeCreated(in: folder, for: path)
        } catch {
            throw .invalidOutput(path: path, reason: "files cannot be created in \(folder) (\(error.problem))")
        }
        guard !FileSystem.isFolder(path) else { throw .invalidOutput(path: path, reason: "it is a folder; give a file name") }
    }

    /// Refuses `path` when it, or one of `sideFiles`, is one of `inputs`: the same canonical
    /// path (`./a.nc` and `a.nc`, a symbolic link and its target) or the same file (`st_dev` and
    /// `st_ino`: a hard link, a bind mount). An output that does not exist yet cannot be an input.
    /// - Throws: ``WorkflowError/invalidOutput(path:reason:)`` naming the output and the input.
    public static func checkNotAnInput(_ path: String, inputs: [String], sideFiles: [String] = []) throws(WorkflowError) {
        let inputs = inputs.map { (path: $0, resolved: FileSystem.absolutePath($0), identity: FileSystem.identity(of: $0)) }
        for written in [path] + sideFiles {
            let resolved = FileSystem.absolutePath(written)
            let identity = FileSystem.identity(of: written)
            guard let input = inputs.first(where: { $0.resolved == resolved || identity != nil && $0.identity == identity }) else { continue }
            let what = written == path ? "it is" : "it would also write \(written), which is"
            throw .invalidOutput(
                path: path, reason: "\(what) the input \(input.path) and would replace it; choose an output name that is none of the inputs")
        }
    }
}
