import { GetTopicHandler, ListTopicsHandler } from './topic.query-handlers.js';

export const topicHandlers = [GetTopicHandler, ListTopicsHandler];
