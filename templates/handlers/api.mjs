// placeholder until the handler stub is written
export const handler = async (event) => event;
