// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Boost's text archive reader with every size it reads bounded before it allocates. The stock reader resizes a
// string or reserves a collection to whatever count the data states, so a session file with a recomputed checksum
// and a stated length of 3·10^9 cost ~3 GB before it failed. This one refuses a string longer than the data left
// to read and a collection larger than `maxElements`, as a boost::archive::archive_exception like any other
// malformed archive. The format on disk is exactly text_iarchive's (sessions written before read the same).

#include <boost/archive/text_iarchive.hpp>

#include <cstddef>
#include <string>

namespace dfl {

class BoundedTextIArchive : public boost::archive::text_iarchive_impl<BoundedTextIArchive> {
    using Base = boost::archive::text_iarchive_impl<BoundedTextIArchive>;

public:
    // `bytes` is the size of the data behind `is`; no string can be longer.
    BoundedTextIArchive(std::istream& is, std::size_t bytes, std::size_t maxElements);
    ~BoundedTextIArchive() override {}

protected:
    friend class boost::archive::detail::interface_iarchive<BoundedTextIArchive>;
    friend class boost::archive::load_access;
    template <class T>
    void load(T& t) {
        Base::load(t);
    }
    void load(std::string& s);
    void load(boost::serialization::collection_size_type& count);

private:
    std::size_t bytes_, maxElements_;
};

}  // namespace dfl
