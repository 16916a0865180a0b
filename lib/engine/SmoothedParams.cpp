// The smoothing wrapper: ramps as per-sample param values.
#include "resin/engine/SmoothedParams.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace resin {

int64_t smoothingSamples(const ParamDecl &param, double sampleRate) {
  return int64_t(std::llround(param.smoothSeconds * sampleRate));
}

namespace {

struct Ramp {
  int64_t samples = 0; // S; 0: the param does not smooth
  float from = 0, to = 0, now = 0;
  int64_t start = 0;
  bool running = false;
};

class SmoothedProcessor final : public AudioProcessor {
public:
  SmoothedProcessor(std::unique_ptr<AudioProcessor> inner, const Graph &graph)
      : inner_(std::move(inner)), params_(graph.params) {
    for (const ParamDecl &p : params_)
      ramps_.push_back(Ramp{smoothingSamples(p, graph.sampleRate)});
    reset();
  }

  std::string_view engine() const override { return inner_->engine(); }
  size_t numInputs() const override { return inner_->numInputs(); }
  size_t numOutputs() const override { return inner_->numOutputs(); }
  std::span<std::byte> kernelState() override { return inner_->kernelState(); }
  std::string tierSummary() const override { return inner_->tierSummary(); }
  const CompileReport *compileReport() const override { return inner_->compileReport(); }

  void init() override {
    inner_->init();
    reset();
  }

  bool setParam(uint32_t index, float value) override {
    if (index >= params_.size() || !params_[index].accepts(value))
      return false;
    Ramp &r = ramps_[index];
    if (r.samples <= 1)
      return inner_->setParam(index, value);
    r.from = r.now;
    r.to = value;
    r.start = n_;
    if (!r.running)
      ++running_;
    r.running = true;
    return true;
  }
  /// A smoothed param's value now (moving toward a target while it ramps).
  float param(uint32_t index) const override {
    return ramps_[index].samples <= 1 ? inner_->param(index) : ramps_[index].now;
  }

  void process(const float *const *in, float *const *out, int64_t len) override {
    if (running_ == 0) {
      inner_->process(in, out, len);
      n_ += len;
      return;
    }
    const float *sampleIn[256];
    float *sampleOut[256];
    int64_t done = 0;
    while (done < len && running_ > 0) {
      step();
      for (size_t c = 0; c < numInputs(); ++c)
        sampleIn[c] = in[c] + done;
      for (size_t c = 0; c < numOutputs(); ++c)
        sampleOut[c] = out[c] + done;
      inner_->process(sampleIn, sampleOut, 1);
      ++done;
      ++n_;
    }
    if (done < len) {
      for (size_t c = 0; c < numInputs(); ++c)
        sampleIn[c] = in[c] + done;
      for (size_t c = 0; c < numOutputs(); ++c)
        sampleOut[c] = out[c] + done;
      inner_->process(sampleIn, sampleOut, len - done);
      n_ += len - done;
    }
  }

private:
  void reset() {
    n_ = 0;
    running_ = 0;
    for (size_t i = 0; i < params_.size(); ++i) {
      ramps_[i].now = params_[i].defaultValue;
      ramps_[i].running = false;
    }
  }

  /// Sets every running ramp's value for sample n_.
  void step() {
    for (uint32_t i = 0; i < ramps_.size(); ++i) {
      Ramp &r = ramps_[i];
      if (!r.running)
        continue;
      int64_t k = n_ - r.start;
      float v = r.to;
      if (k + 1 < r.samples) {
        v = r.from + (r.to - r.from) * (float(k + 1) / float(r.samples));
        v = std::clamp(v, std::min(r.from, r.to), std::max(r.from, r.to));
      } else {
        r.running = false;
        --running_;
      }
      r.now = v;
      inner_->setParam(i, v);
    }
  }

  std::unique_ptr<AudioProcessor> inner_;
  std::vector<ParamDecl> params_;
  std::vector<Ramp> ramps_;
  int running_ = 0;
  int64_t n_ = 0;
};

} // namespace

std::unique_ptr<AudioProcessor> withSmoothedParams(std::unique_ptr<AudioProcessor> engine,
                                                   const Graph &graph) {
  bool smooths = std::any_of(graph.params.begin(), graph.params.end(), [&](const ParamDecl &p) {
    return smoothingSamples(p, graph.sampleRate) > 1;
  });
  if (!smooths || !graph.readsParams())
    return engine;
  return std::make_unique<SmoothedProcessor>(std::move(engine), graph);
}

} // namespace resin
