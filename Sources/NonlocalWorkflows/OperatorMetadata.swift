// OperatorMetadata: the schema of an exported operator's metadata — which keys, in which order, from a model and a grid.
import Foundation
import NonlocalAssembly
import NonlocalExport
import NonlocalKernels

/// The metadata every exported operator carries (MatrixMarket `%` lines, NetCDF global
/// attributes), in this order; optional keys are left out when the model has no such value:
///
/// | key | value |
/// |---|---|
/// | `family` | `bernstein`, `fractional-bernstein` or `truncated-fractional` |
/// | `dimension` | d |
/// | `delta` | the horizon δ |
/// | `h` | the grid spacing |
/// | `grid` | the grid's text form |
/// | `order` | M (Bernstein families) |
/// | `s` | the fractional order (truncated fractional kernel) |
/// | `alpha` | α (fractional Bernstein kernel) |
/// | `reaction` | c of a reaction term L_K + c (learned preconditioners) |
/// | `kappa` | κ(C*) from the model's certificate |
/// | `lambda_min_training_grid` | λ_min on the grid the certificate was computed on |
/// | `coercive` | `true` or `false`: the certificate's verdict there |
/// | `data_file`, `data_sha256`, `data_problem` | the training data's provenance |
/// | `kernel_model` | the model file the operator was assembled from |
/// | `toolkit_version` | the version that learned the model |
public enum OperatorMetadata {
    /// The keys in the order ``make(model:modelPath:grid:specification:)`` writes them.
    public static let keys = [
        "family", "dimension", "delta", "h", "grid", "order", "s", "alpha", "reaction", "kappa", "lambda_min_training_grid", "coercive",
        "data_file", "data_sha256", "data_problem", "kernel_model", "toolkit_version",
    ]

    /// The grid an exported operator's metadata names (key `grid`), or nil when it names none or one that does not parse.
    public static func grid(in metadata: ExportMetadata) -> GridSpecification? {
        guard let value = metadata["grid"] else { return nil }
        return try? GridSpecification(parsing: value.description)
    }

    /// The grid named by a MatrixMarket comment line `grid: …` (how ``ExportMetadata/commentLines`` writes it), or nil.
    public static func grid(inCommentLines lines: [String]) -> GridSpecification? {
        for line in lines {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("grid:") else { continue }
            return try? GridSpecification(parsing: text.dropFirst("grid:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The metadata of `model` (read from `modelPath`) assembled on `grid`.
    public static func make(model: KernelModel, modelPath: String, grid: Grid, specification: GridSpecification) -> ExportMetadata {
        var metadata = ExportMetadata()
        metadata.set("family", .text(model.family.rawValue))
        metadata.set("dimension", .integer(model.dimension))
        metadata.set("delta", .number(model.horizon))
        metadata.set("h", .number(grid.spacing))
        metadata.set("grid", .text(specification.description))
        if let order = model.order { metadata.set("order", .integer(order)) }
        if let s = model.fractionalOrder { metadata.set("s", .number(s)) }
        if let alpha = model.exponent { metadata.set("alpha", .number(alpha)) }
        if let reaction = model.reaction { metadata.set("reaction", .number(reaction)) }
        if let certificate = model.certificate {
            metadata.set("kappa", .number(certificate.kappa))
            metadata.set("lambda_min_training_grid", .number(certificate.lambdaMin))
            metadata.set("coercive", .text(certificate.coercive ? "true" : "false"))
        }
        if let provenance = model.provenance {
            metadata.set("data_file", .text(provenance.dataFile))
            metadata.set("data_sha256", .text(provenance.dataHash))
            metadata.set("data_problem", .text(provenance.problem))
        }
        metadata.set("kernel_model", .text(modelPath))
        metadata.set("toolkit_version", .text(model.toolkitVersion))
        return metadata
    }
}
