// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Boost.Serialization to and from a byte string (binary archive); the models' saveState/loadState use these.

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <sstream>
#include <string>

namespace dfl {

template <class T>
std::string serializeToBytes(const T& value) {
    std::ostringstream out(std::ios::binary);
    {
        boost::archive::binary_oarchive archive(out, boost::archive::no_header);
        archive << value;
    }
    return out.str();
}

template <class T>
void deserializeFromBytes(const std::string& bytes, T& value) {
    std::istringstream in(bytes, std::ios::binary);
    boost::archive::binary_iarchive archive(in, boost::archive::no_header);
    archive >> value;
}

}  // namespace dfl
