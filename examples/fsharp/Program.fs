// The lecture's hiring network in F#: the core's immutable records and pure functions, used as F# values and
// pipelines. Trains the same 2-2-1 network as experiments/hiring.json (so the same traceHash on any machine), then
// writes the output document nf run writes.
open System.IO
open NeuralFunctional.Core
open NeuralFunctional.Experiments

/// An immutable array of an F# list: the core's records hold ImmutableArray values.
let immutable (xs: 'a list) = System.Collections.Immutable.ImmutableArray.CreateRange xs

let row id (x: float list) (y: float list) = Sample(id, immutable x, immutable y)

let candidates =
    [ row "Michael" [ 12.0; 6.0 ] [ 0.0 ]
      row "Shash" [ 32.0; 4.0 ] [ 1.0 ]
      row "Hannah" [ 11.0; 3.0 ] [ 0.0 ]
      row "Lisa" [ 29.0; 11.0 ] [ 1.0 ] ]

let toDecide = [ row "Jamal" [ 14.0; 6.0 ] []; row "Mina" [ 31.0; 0.0 ] [] ]

let dataset (rows: Sample list) = Dataset(immutable rows)
let experiment =
    Experiment(
        "hiring-in-fsharp",
        "The lecture's hiring network, defined in F#.",
        7UL,
        DataPlan(immutable [ "experience"; "projects" ], immutable [ "hired" ], DataRows.Features(dataset candidates, dataset toDecide), immutable [ TransformKind.Center ]),
        NetworkPlan.Dense(2, immutable [ LayerPlan(2, Activation.Sigmoid, null, System.Nullable()); LayerPlan(1, Activation.Sigmoid, null, System.Nullable()) ], Initializer.Normal(0.0, 1.0)),
        TrainingPlan(LossKind.Mse, Optimizer.Sgd 0.1, 1000, 1, false, 10))

let result = Runner.Run experiment
let output = match System.Environment.GetCommandLineArgs() |> Array.tail with [| path |] -> path | _ -> "hiring-in-fsharp.json"
File.WriteAllText(output, Documents.Write result)

// The prepared rows, as the network sees them: feature rows here (an Elman network's would be sequences).
let test =
    match result.Run.Rows with
    | :? DataRows.Features as rows -> rows.Test
    | _ -> failwith "the hiring network reads feature rows"

Evaluation.Of(result.Final, test).Outputs
|> Seq.zip test.Rows
|> Seq.iter (fun (r, p) -> printfn "%s: %.4f -> %s" r.Id p[0] (if p[0] >= 0.5 then "hire" else "do not hire"))

printfn "loss %g -> %g in %d epochs" result.Trace[0].Loss (Seq.last result.Trace).Loss (Seq.last result.Trace).Epoch
printfn "traceHash %s" (string (Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText output)["traceHash"]))
printfn "wrote %s" output
