// The responses: the impulse goes through the engine interface like any
// other signal (so -O and --engine apply), then one real-to-complex FFTW
// plan of the impulse response gives magnitude and phase per bin.
#include "resin/picture/Response.h"
#include "resin/registry/EngineRegistry.h"

#include <fftw3.h>

#include <cmath>
#include <complex>
#include <numbers>

namespace resin::picture {

namespace {

constexpr int64_t kMinLength = 16, kMaxLength = int64_t(1) << 24;

Diagnostic error(std::string message) {
  return Diagnostic{"", {}, std::move(message)};
}

/// The first `length` samples of `toChannel` with an impulse into `fromChannel`.
Result<std::vector<float>> impulseResponse(const Graph &graph, const ResponseOptions &options) {
  auto engine = makeAudioProcessor(options.engine, graph, options.engineOptions);
  if (!engine)
    return engine.errors();
  AudioProcessor &processor = **engine;
  if (options.fromChannel >= processor.numInputs())
    return error("the graph has " + std::to_string(processor.numInputs()) +
                 " input channel(s); there is no input channel " +
                 std::to_string(options.fromChannel));
  if (options.toChannel >= processor.numOutputs())
    return error("the graph has " + std::to_string(processor.numOutputs()) +
                 " output channel(s); there is no output channel " +
                 std::to_string(options.toChannel));
  size_t n = size_t(options.length);
  std::vector<std::vector<float>> in(processor.numInputs(), std::vector<float>(n, 0.0f));
  std::vector<std::vector<float>> out(processor.numOutputs(), std::vector<float>(n, 0.0f));
  in[options.fromChannel][0] = 1.0f;
  std::vector<const float *> inPtrs;
  std::vector<float *> outPtrs;
  for (auto &c : in)
    inPtrs.push_back(c.data());
  for (auto &c : out)
    outPtrs.push_back(c.data());
  processor.init();
  processor.process(inPtrs.data(), outPtrs.data(), options.length);
  return std::move(out[options.toChannel]);
}

} // namespace

Result<Response> measureResponse(const Graph &graph, const ResponseOptions &options) {
  if (graph.isField())
    return error("a field has no frequency response (analyze takes an audio graph)");
  if (options.length < kMinLength || options.length > kMaxLength)
    return error("the length must be in [" + std::to_string(kMinLength) + ", " +
                 std::to_string(kMaxLength) + "] samples");
  Response r;
  r.sampleRate = graph.sampleRate;
  std::vector<NodeId> outputs = graph.outputsByChannel();
  if (options.toChannel < outputs.size())
    r.linearity = judgeLinearity(graph, outputs[options.toChannel]);
  auto impulse = impulseResponse(graph, options);
  if (!impulse)
    return impulse.errors();
  r.impulse = std::move(*impulse);

  int n = int(options.length);
  std::vector<double> samples(r.impulse.begin(), r.impulse.end());
  size_t bins = size_t(n / 2 + 1);
  fftw_complex *spectrum = fftw_alloc_complex(bins);
  // FFTW_ESTIMATE: one transform, so planning by measurement would cost more
  // than it saves; the plan may overwrite its input, which is a copy.
  fftw_plan plan = fftw_plan_dft_r2c_1d(n, samples.data(), spectrum, FFTW_ESTIMATE);
  fftw_execute(plan);
  r.frequencies.resize(bins);
  r.magnitudeDb.resize(bins);
  r.phaseDeg.resize(bins);
  for (size_t k = 0; k < bins; ++k) {
    std::complex<double> h(spectrum[k][0], spectrum[k][1]);
    r.frequencies[k] = double(k) * r.sampleRate / double(n);
    r.magnitudeDb[k] = 20.0 * std::log10(std::abs(h));
    r.phaseDeg[k] = std::arg(h) * 180.0 / std::numbers::pi;
  }
  fftw_destroy_plan(plan);
  fftw_free(spectrum);
  return r;
}

ResponseSummary summarize(const Response &response) {
  ResponseSummary s;
  const std::vector<double> &db = response.magnitudeDb, &hz = response.frequencies;
  s.dcDb = db[0];
  size_t peak = 0;
  for (size_t k = 1; k < db.size(); ++k)
    if (db[k] > db[peak])
      peak = k;
  s.peakHz = hz[peak];
  s.peakDb = db[peak];
  // Half power below the peak: 10 log10(2) dB.
  double level = s.peakDb - 10.0 * std::log10(2.0);
  for (size_t k = 1; k < db.size(); ++k) {
    bool below0 = db[k - 1] < level, below1 = db[k] < level;
    if (below0 == below1 || !std::isfinite(db[k - 1]) || !std::isfinite(db[k]))
      continue;
    double t = (level - db[k - 1]) / (db[k] - db[k - 1]);
    s.minus3dBHz.push_back(hz[k - 1] + t * (hz[k] - hz[k - 1]));
  }
  return s;
}

} // namespace resin::picture
