import { GetTopicHandler, ListTopicsHandler } from './topic.queries.js';

export const topicHandlers = [GetTopicHandler, ListTopicsHandler];
