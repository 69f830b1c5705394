// The snippet engine; see snippet.h for the algorithm and why it is ours.
#include "ext/search/snippet.h"

#include <algorithm>
#include <cstring>

namespace vl::search {
namespace {

// Runs of overlapping phrase instances in one column, in FTS5's order: the
// stretches highlight() wraps in open/close.
class HitRuns {
 public:
  HitRuns(const std::vector<Hit>& hits, int column) : hits_(hits), column_(column) { next(); }
  void next() {
    start = end = -1;
    for (; at_ < hits_.size(); ++at_) {
      const Hit& h = hits_[at_];
      if (h.column != column_) continue;
      const int last = h.offset - 1 + h.length;
      if (start < 0) {
        start = h.offset;
        end = last;
      } else if (h.offset <= end) {
        if (last > end) end = last;
      } else {
        break;
      }
    }
  }
  int start = -1, end = -1;  // token range of the current run; -1: no more runs

 private:
  const std::vector<Hit>& hits_;
  int column_;
  size_t at_ = 0;
};

// Builds the snippet text while walking the column's tokens.
class Highlighter {
 public:
  Highlighter(std::string_view text, const std::vector<Hit>& hits, const Window& w, int token_count,
              const Markers& m)
      : in_(text),
        runs_(hits, w.column),
        markers_(m),
        range_start_(w.start),
        range_end_(static_cast<long long>(w.start) + token_count - 1) {}

  std::string run(const std::vector<Token>& tokens, int column_size) {
    if (range_start_ > 0) out_ += markers_.ellipsis;
    while (runs_.start >= 0 && runs_.start < range_start_) runs_.next();
    for (const Token& t : tokens) token(t.start, t.end);
    if (open_) out_ += markers_.close;
    if (range_end_ >= column_size - 1) {
      copy(off_, static_cast<int>(in_.size()) - off_);
    } else {
      out_ += markers_.ellipsis;
    }
    return std::move(out_);
  }

 private:
  // Up to n bytes from `from`, stopping at a NUL (as snippet()'s "%.*s" does).
  void copy(int from, int n) {
    if (n < 0) n = 0;
    const char* z = in_.data() + from;
    out_.append(z, strnlen(z, static_cast<size_t>(n)));
  }

  // FTS5's fts5HighlightCb, step for step. A negative range end means "no
  // window": every token is in range.
  void token(int start, int end) {
    const int p = pos_++;
    if (range_end_ >= 0) {
      if (p < range_start_ || p > range_end_) return;
      if (range_start_ && p == range_start_) off_ = start;
    }
    if (open_ && (p <= runs_.start || runs_.start < 0) && start > off_) {
      out_ += markers_.close;
      open_ = false;
    }
    if (p == runs_.start && !open_) {
      copy(off_, start - off_);
      out_ += markers_.open;
      off_ = start;
      open_ = true;
    }
    if (p == runs_.end) {
      if (!open_) {
        out_ += markers_.open;
        open_ = true;
      }
      copy(off_, end - off_);
      off_ = end;
      runs_.next();
    }
    if (p == range_end_) {
      if (open_) {
        if (runs_.start >= 0 && p >= runs_.start) {
          copy(off_, end - off_);
          off_ = end;
        }
        out_ += markers_.close;
        open_ = false;
      }
      copy(off_, end - off_);
      off_ = end;
    }
  }

  std::string_view in_;
  HitRuns runs_;
  const Markers& markers_;
  long long range_start_, range_end_;
  int pos_ = 0, off_ = 0;
  bool open_ = false;
  std::string out_;
};

}  // namespace

std::vector<int> columns_to_score(const std::vector<Hit>& hits, int columns, int wanted) {
  std::vector<bool> has_hit(static_cast<size_t>(std::max(0, columns)), false);
  for (const Hit& h : hits)
    if (h.column >= 0 && h.column < columns) has_hit[static_cast<size_t>(h.column)] = true;
  std::vector<int> out;
  for (int c = 0; c < columns; ++c)
    if ((wanted < 0 || wanted == c) && has_hit[static_cast<size_t>(c)]) out.push_back(c);
  return out;
}

std::vector<int> sentence_starts(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<int> firsts;
  for (size_t pos = 0; pos < tokens.size(); ++pos) {
    if (pos == 0) {
      firsts.push_back(0);
      continue;
    }
    const int start = tokens[pos].start;
    int i = start - 1;
    char c = 0;
    for (; i >= 0; --i) {
      c = text[static_cast<size_t>(i)];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    }
    if (i != start - 1 && (c == '.' || c == ':')) firsts.push_back(static_cast<int>(pos));
  }
  return firsts;
}

int window_score(const std::vector<Hit>& hits, int column, int start, int tokens, int column_size,
                 int* adjusted) {
  int phrases = 0;
  for (const Hit& h : hits) phrases = std::max(phrases, h.phrase + 1);
  std::vector<bool> seen(static_cast<size_t>(phrases), false);
  const long long end = static_cast<long long>(start) + tokens;
  int score = 0, first = -1, last = 0;
  for (const Hit& h : hits) {
    if (h.column != column || h.offset < start || h.offset >= end) continue;
    score += seen[static_cast<size_t>(h.phrase)] ? 1 : 1000;
    seen[static_cast<size_t>(h.phrase)] = true;
    if (first < 0) first = h.offset;
    last = h.offset + h.length;
  }
  if (adjusted) {
    long long adj = first - (tokens - (last - first)) / 2;
    if (adj + tokens > column_size) adj = static_cast<long long>(column_size) - tokens;
    if (adj < 0) adj = 0;
    *adjusted = static_cast<int>(adj);
  }
  return score;
}

bool score_column(const std::vector<Hit>& hits, int column, int column_size,
                  const std::vector<int>& sentences, int tokens, Window& best) {
  for (const Hit& h : hits) {
    if (h.column != column) continue;
    if (h.offset > column_size) return false;
    int adjusted = 0;
    int score = window_score(hits, column, h.offset, tokens, column_size, &adjusted);
    if (score > best.score) best = Window{column, adjusted, score, column_size};
    if (sentences.empty() || column_size <= tokens) continue;
    // The last sentence start at or before the hit, when it lies before it.
    size_t j = 0;
    while (j + 1 < sentences.size() && sentences[j + 1] <= h.offset) ++j;
    if (sentences[j] >= h.offset) continue;
    score = window_score(hits, column, sentences[j], tokens, column_size, nullptr) +
            (sentences[j] == 0 ? 120 : 100);
    if (score > best.score) best = Window{column, sentences[j], score, column_size};
  }
  return true;
}

std::string highlight(std::string_view text, const std::vector<Token>& tokens, const std::vector<Hit>& hits,
                      const Window& window, int token_count, const Markers& markers) {
  return Highlighter(text, hits, window, token_count, markers).run(tokens, window.column_size);
}

}  // namespace vl::search
