// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/bounded_text_iarchive.h"

// The reader's member templates are defined in Boost's .ipp files, instantiated here for this archive (Boost's
// documented way to derive an archive: "Derivation from an Existing Archive").
#include <boost/archive/impl/archive_serializer_map.ipp>
#include <boost/archive/impl/basic_text_iarchive.ipp>
#include <boost/archive/impl/text_iarchive_impl.ipp>

namespace boost::archive {
template class detail::archive_serializer_map<dfl::BoundedTextIArchive>;
template class basic_text_iarchive<dfl::BoundedTextIArchive>;
template class text_iarchive_impl<dfl::BoundedTextIArchive>;
}  // namespace boost::archive

namespace dfl {

using boost::archive::archive_exception;

BoundedTextIArchive::BoundedTextIArchive(std::istream& is, std::size_t bytes, std::size_t maxElements)
    : Base(is, 0), bytes_(bytes), maxElements_(maxElements) {
    init();
}

void BoundedTextIArchive::load(std::string& s) {
    std::size_t size = 0;
    Base::load(size);
    if (size > bytes_) throw archive_exception(archive_exception::input_stream_error, "string length beyond the data");
    is.get();  // the space between the length and the characters
    s.resize(size);
    if (size == 0) return;
    is.read(s.data(), std::streamsize(size));
    if (std::size_t(is.gcount()) != size) throw archive_exception(archive_exception::input_stream_error, "string cut short");
}

void BoundedTextIArchive::load(boost::serialization::collection_size_type& count) {
    std::size_t n = 0;
    Base::load(n);
    if (n > maxElements_) throw archive_exception(archive_exception::input_stream_error, "collection larger than the limit");
    count = boost::serialization::collection_size_type(n);
}

}  // namespace dfl
