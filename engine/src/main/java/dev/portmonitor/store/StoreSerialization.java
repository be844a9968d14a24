package dev.portmonitor.store;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Hazelcast's factory for the store's own serialized types. */
final class StoreSerialization implements DataSerializableFactory {

    static final int FACTORY_ID = 0x504d; // "PM"

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return classId == RecordCheck.CLASS_ID ? new RecordCheck() : null;
    }
}
